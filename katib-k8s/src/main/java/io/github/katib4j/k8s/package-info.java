/**
 * katib-k8s: Katib on a Kubernetes cluster. {@link io.github.katib4j.k8s.KatibClient} implements
 * {@link io.github.katib4j.Katib} on the official client-java, with retries, watch-driven waits and pre-submit checks
 * against the cluster; {@link io.github.katib4j.k8s.KatibUi} gives the Katib UI's address of an experiment.
 */
package io.github.katib4j.k8s;
