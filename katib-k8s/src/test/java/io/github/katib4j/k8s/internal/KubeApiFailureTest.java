package io.github.katib4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.k8s.KatibApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubeApiFailureTest {
  private static String status(int code, String reason, String message, String extra) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{" + extra + "},\"status\":\"Failure\","
        + "\"message\":\"" + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
  }

  @Test
  void failure_statusBody_givesReasonMessageAndRetryability() {
    KatibApiException e = KubeApi.failure("POST", "/apis/x", 429, status(429, "TooManyRequests", "slow down", ""),
        Duration.ofSeconds(3));

    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.reason()).isEqualTo("TooManyRequests");
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(3));
    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessage("POST /apis/x: HTTP 429 TooManyRequests: slow down");
  }

  @Test
  void failure_retryAfterOnlyInTheStatusDetails_isUsed() {
    String body = "{\"kind\":\"Status\",\"reason\":\"ServiceUnavailable\",\"message\":\"busy\",\"code\":503,"
        + "\"details\":{\"retryAfterSeconds\":2}}";

    KatibApiException e = KubeApi.failure("GET", "/api", 503, body, null);

    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(2));
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void failure_forbidden_isNotRetryableAndSaysWhichRoleHelps() {
    KatibApiException e = KubeApi.failure("GET", "/apis/kubeflow.org/v1beta1/namespaces/a/experiments/x", 403,
        status(403, "Forbidden", "experiments.kubeflow.org \\\"x\\\" is forbidden", ""), null);

    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("HTTP 403 Forbidden").hasMessageContaining("kubeflow-katib-edit");
  }

  @Test
  void failure_expiredContinueToken_carriesTheTokenThatContinuesTheList() {
    KatibApiException e = KubeApi.failure("GET", "/apis/x", 410, status(410, "Expired",
        "The provided continue parameter is too old", "\"continue\":\"next-token\""), null);

    assertThat(e).isInstanceOf(ExpiredContinue.class);
    assertThat(((ExpiredContinue) e).continueToken()).isEqualTo("next-token");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void failure_bodyThatIsNotAStatus_keepsTheText() {
    KatibApiException e = KubeApi.failure("GET", "/x", 502, "<html>bad gateway</html>", null);

    assertThat(e.reason()).isEmpty();
    assertThat(e).hasMessage("GET /x: HTTP 502: <html>bad gateway</html>");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void retryAfter_readsSecondsAndIgnoresOtherForms() {
    assertThat(KubeApi.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(KubeApi.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
    assertThat(KubeApi.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    assertThat(KubeApi.retryAfter(null)).isNull();
  }
}
