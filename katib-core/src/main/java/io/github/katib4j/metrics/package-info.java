/**
 * Trial metrics collected exactly as Katib's metrics collectors do it, for running experiments on this machine:
 * {@link io.github.katib4j.metrics.TrialMetrics} reads a trial's output, metrics file or TensorBoard event files;
 * {@link io.github.katib4j.metrics.Observations} turns the reported values into the trial's observation and objective
 * value as Katib's controller does.
 */
package io.github.katib4j.metrics;
