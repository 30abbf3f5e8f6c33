package io.github.katib4j.k8s;

import io.github.katib4j.KatibException;
import java.time.Duration;
import java.util.Optional;

/**
 * The Kubernetes API server refused a request or did not answer it; carries the HTTP status (0 when no response
 * arrived) and the reason from the server's {@code Status} object, such as {@code Forbidden} or {@code Conflict}.
 */
public class KatibApiException extends KatibException {
  private static final long serialVersionUID = 1L;

  /**
   * The {@link #reason()} of a request that got no answer because the API server's certificate is not trusted (not
   * signed by the kubeconfig's certificate-authority, or not for the server's host); not retryable.
   */
  public static final String UNTRUSTED_CERTIFICATE = "UntrustedCertificate";

  private final int statusCode;
  private final String reason;
  private final Duration retryAfter;

  /**
   * An API failure.
   *
   * @param statusCode the HTTP status, or 0 when the request got no response (connection refused or reset, timeout)
   * @param reason the {@code Status} reason ({@code NotFound}, {@code TooManyRequests}, ...), or a short description
   *     of the transport failure ({@code ConnectionFailed}, {@code Timeout}, {@value #UNTRUSTED_CERTIFICATE})
   * @param retryAfter how long the server asked the client to wait, or null
   */
  public KatibApiException(String message, int statusCode, String reason, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.reason = reason == null ? "" : reason;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status code, or 0 when no response arrived. */
  public int statusCode() {
    return statusCode;
  }

  /** The server's reason ({@code Conflict}, {@code Expired}, ...) or the transport failure. */
  public String reason() {
    return reason;
  }

  /** How long the server asked to wait before retrying (its {@code Retry-After}), if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * True for 429, for 5xx other than 501, and when no response arrived (except for an untrusted certificate): the
   * same request may succeed later.
   */
  @Override
  public boolean retryable() {
    return (statusCode == 0 && !reason.equals(UNTRUSTED_CERTIFICATE)) || statusCode == 429
        || (statusCode >= 500 && statusCode != 501);
  }
}
