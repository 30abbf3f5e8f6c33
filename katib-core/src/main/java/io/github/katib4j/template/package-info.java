/**
 * Trial templates: the renderer that gives exactly the trial Katib's controller would create
 * ({@link io.github.katib4j.template.TrialTemplateRenderer}), a typed view of the rendered job
 * ({@link io.github.katib4j.template.TrialWorkload}), builders for the trial kinds Katib supports
 * ({@link io.github.katib4j.template.TrialTemplates}) and "run my program with the hyperparameters as flags"
 * ({@link io.github.katib4j.template.CommandTrial}).
 */
@Value.Style(
    typeAbstract = "Abstract*",
    typeImmutable = "*",
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    toBuilder = "toBuilder",
    jdkOnly = true,
    depluralize = true,
    depluralizeDictionary = {"args:arg", "env:env"},
    allParameters = false,
    // Required attributes left unset are an invalid value like any other: KatibValidationException names them.
    throwForInvalidImmutableState = KatibValidationException.class,
    allowedClasspathAnnotations = {Override.class})
package io.github.katib4j.template;

import io.github.katib4j.KatibValidationException;
import org.immutables.value.Value;
