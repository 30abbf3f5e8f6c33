package io.github.katib4j.template;

/** Which rendering {@link TrialTemplateRenderer} returns; both are computed, and compared, every time. */
public enum RenderMode {
  /**
   * What Katib's controller creates: placeholders replaced in raw text, so a value with a quote, a backslash, a
   * newline or <code>${</code> can change the manifest's structure. Use it to show what the cluster will run.
   */
  KATIB_EXACT,
  /**
   * Each value placed verbatim where its placeholder stands, inside the parsed template, so that no value can
   * change the structure. Equal to {@link #KATIB_EXACT} whenever the values are harmless. The local engine uses it.
   */
  SAFE
}
