/** katib-k8s: Katib on a Kubernetes cluster, through the official client-java. */
module io.github.katib4j.k8s {
  requires transitive io.github.katib4j.core;
  requires transitive io.kubernetes.client.java.api;
  requires io.kubernetes.client.java;
  requires okhttp3;

  // client-java 27's jars are automatic modules: they read every module that is resolved, but cannot require any,
  // so on the module path the named modules they use would not be resolved (NoClassDefFoundError for SLF4J's
  // LoggerFactory, then commons-lang3's StringUtils, ...). Required here so that they are; the list is what jdeps
  // finds client-java, client-java-api, client-java-proto, gson-fire, jose4j and okio use (KatibClientModulePathIT
  // runs a client on the module path). What no module declaration can fix is client-java's use of OkHttp's internal
  // packages, which needs --add-exports (see KatibClient.Builder.build()).
  requires org.slf4j;
  requires org.apache.commons.codec;
  requires org.apache.commons.collections4;
  requires org.apache.commons.compress;
  requires org.apache.commons.io;
  requires org.apache.commons.lang3;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires com.fasterxml.jackson.databind;
  requires jakarta.annotation;
  requires okhttp3.logging;
  requires java.sql;

  exports io.github.katib4j.k8s;
  // Which kubeconfig files the client reads, for the command line to tell when there is none in its own terms.
  exports io.github.katib4j.k8s.internal to io.github.katib4j.examples;
}
