package io.github.katib4j.k8s.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One HTTP request that reached the {@link FaultProxy}, and the fault it met, if any. */
public final class RecordedRequest {
  private final Instant receivedAt;
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, String> headers;
  private final int bodyLength;
  private final String fault;

  RecordedRequest(Instant receivedAt, String method, String path, String query, Map<String, String> headers,
      int bodyLength, String fault) {
    this.receivedAt = receivedAt;
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = Map.copyOf(headers);
    this.bodyLength = bodyLength;
    this.fault = fault;
  }

  RecordedRequest withFault(String appliedFault) {
    return new RecordedRequest(receivedAt, method, path, query, headers, bodyLength, appliedFault);
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  /** The HTTP method, upper case. */
  public String method() {
    return method;
  }

  /** The path without the query, e.g. {@code /apis/kubeflow.org/v1beta1/namespaces/a/experiments}. */
  public String path() {
    return path;
  }

  /** The raw query string without {@code ?}, empty when there is none. */
  public String query() {
    return query;
  }

  /** A decoded query parameter's first value. */
  public Optional<String> queryParameter(String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** A request header by case-insensitive name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  public int bodyLength() {
    return bodyLength;
  }

  /** Whether this is a watch ({@code ?watch=true} or {@code ?watch=1}). */
  public boolean isWatch() {
    return queryParameter("watch").filter(v -> v.equals("true") || v.equals("1")).isPresent();
  }

  /** The fault applied to this request, as {@link Fault#toString()} describes it; empty when it was forwarded. */
  public Optional<String> fault() {
    return Optional.ofNullable(fault);
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + (fault == null ? "" : " [" + fault + "]");
  }
}
