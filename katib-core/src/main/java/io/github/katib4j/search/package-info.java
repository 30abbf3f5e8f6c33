/**
 * Katib's search algorithms and early stopping, in plain Java: a {@link io.github.katib4j.search.SearchSpace} derived
 * from an experiment's parameters, a {@link io.github.katib4j.search.Suggester} per algorithm (ask for trials, tell
 * results) found by Katib name through {@link io.github.katib4j.search.Suggesters}, and median stopping through
 * {@link io.github.katib4j.search.EarlyStoppers} and {@link io.github.katib4j.search.StopRuleMonitor}.
 *
 * <p>Algorithm names, settings and their validation follow Katib v0.19.0's suggestion services; proposals are a
 * deterministic function of the seed and the history told so far, so an engine that replays its journal after a
 * restart gets exactly the proposals it would have got without the restart.
 */
@Value.Style(
    typeAbstract = "Abstract*",
    typeImmutable = "*",
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    toBuilder = "toBuilder",
    jdkOnly = true,
    depluralize = true,
    allParameters = false,
    // Required attributes left unset are an invalid value like any other: KatibValidationException names them.
    throwForInvalidImmutableState = KatibValidationException.class,
    allowedClasspathAnnotations = {Override.class})
package io.github.katib4j.search;

import io.github.katib4j.KatibValidationException;
import org.immutables.value.Value;
