/**
 * katib-core: Katib's v1beta1 API as immutable Java values, its wire codec, Katib's defaulting and validation, and
 * everything else that needs no cluster.
 */
module io.github.katib4j.core {
  requires transitive com.google.gson;
  requires org.yaml.snakeyaml;
  // RE2/J's jar (com.google.re2j:re2j 1.8) has no module-info and no Automatic-Module-Name: its automatic module is
  // named after the file, re2j-1.8.jar, as Maven names it.
  requires re2j;
  requires static org.immutables.value;
  // Only to name the notes' logger as their source where java.util.logging is the logging backend (NotesLogger).
  requires static java.logging;

  exports io.github.katib4j;
  exports io.github.katib4j.experiment;
  exports io.github.katib4j.codec;
  exports io.github.katib4j.validation;
  exports io.github.katib4j.metrics;
  exports io.github.katib4j.template;
  exports io.github.katib4j.report;
  exports io.github.katib4j.search;
  exports io.github.katib4j.local;
  // The API server's name rules, for katib-k8s to check names before a request as validation checks them.
  exports io.github.katib4j.internal.kubernetes to io.github.katib4j.k8s;
  // Durations written, and control characters shown, the same way in every module.
  exports io.github.katib4j.internal to io.github.katib4j.k8s, io.github.katib4j.examples;
}
