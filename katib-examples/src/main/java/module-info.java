/** katib-examples: runnable examples and the {@code katib} command line. */
module io.github.katib4j.examples {
  requires io.github.katib4j.core;
  requires io.github.katib4j.k8s;
  requires info.picocli;
  requires java.logging;

  opens io.github.katib4j.cli to info.picocli;
}
