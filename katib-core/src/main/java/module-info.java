/**
 * katib-core: Katib's v1beta1 API as immutable Java values, its wire codec, Katib's defaulting and validation, and
 * everything else that needs no cluster.
 */
module io.github.katib4j.core {
  requires transitive com.google.gson;
  requires org.yaml.snakeyaml;
  requires static org.immutables.value;

  exports io.github.katib4j;
  exports io.github.katib4j.experiment;
  exports io.github.katib4j.codec;
  exports io.github.katib4j.validation;
  exports io.github.katib4j.metrics;
  exports io.github.katib4j.template;
  exports io.github.katib4j.report;
  exports io.github.katib4j.search;
  exports io.github.katib4j.local;
}
