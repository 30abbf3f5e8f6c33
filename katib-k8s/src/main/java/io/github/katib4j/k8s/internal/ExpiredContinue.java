package io.github.katib4j.k8s.internal;

import io.github.katib4j.k8s.KatibApiException;

/**
 * 410 Gone for a list whose continue token has expired; the API server's answer carries a token that continues the
 * list at the current version instead of the expired snapshot.
 */
public final class ExpiredContinue extends KatibApiException {
  private static final long serialVersionUID = 1L;

  private final String continueToken;

  ExpiredContinue(KatibApiException e, String continueToken) {
    super(e.getMessage(), e.statusCode(), e.reason(), null, e.getCause());
    this.continueToken = continueToken;
  }

  /** The token that continues the list inconsistently; empty when the server sent none. */
  public String continueToken() {
    return continueToken;
  }
}
