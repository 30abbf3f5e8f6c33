/**
 * Katib's {@code kubeflow.org/v1beta1} API as immutable Java values: {@link io.github.katib4j.experiment.Experiment},
 * {@link io.github.katib4j.experiment.Trial}, {@link io.github.katib4j.experiment.Suggestion} and every part of them.
 *
 * <p>Values are typed (numbers, enums, {@link java.time.Instant}); the wire form (strings where Katib has strings) is
 * produced only by {@link io.github.katib4j.codec.KatibCodec}. Values may hold incomplete or invalid content, as read
 * from a file; {@link io.github.katib4j.validation.ExperimentValidator} says what is wrong and where.
 */
@Value.Style(
    typeAbstract = "Abstract*",
    typeImmutable = "*",
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    toBuilder = "toBuilder",
    jdkOnly = true,
    depluralize = true,
    depluralizeDictionary = {"metricStrategy:metricStrategies", "metricsFormat:metricsFormat", "list:list"},
    allParameters = false,
    // Required attributes left unset are an invalid value like any other: KatibValidationException names them.
    throwForInvalidImmutableState = KatibValidationException.class,
    allowedClasspathAnnotations = {Override.class})
package io.github.katib4j.experiment;

import io.github.katib4j.KatibValidationException;
import org.immutables.value.Value;
