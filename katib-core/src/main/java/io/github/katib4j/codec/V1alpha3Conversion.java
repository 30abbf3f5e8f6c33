package io.github.katib4j.codec;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.internal.TextFiles;
import io.github.katib4j.internal.codec.V1alpha3Converter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Katib v1alpha3 experiment (Katib v0.10 and earlier, removed in v0.11) converted to an equivalent v1beta1 one,
 * with notes on everything that changed.
 *
 * <p>The v1alpha3 Go {@code rawTemplate} is expanded: {@code {{.Trial}}} and {@code {{.NameSpace}}} become metadata
 * trial parameters, the {@code {{range .HyperParameters}}} loop becomes one line per parameter with a
 * {@code ${trialParameters.<name>}} placeholder, and flag-like parameter names ({@code --lr}) are renamed
 * ({@code lr}) while the command line stays the same. Constructs that cannot be converted faithfully are reported with
 * their line instead of guessed.
 */
public final class V1alpha3Conversion {
  private final V1alpha3Converter.Result result;

  private V1alpha3Conversion(V1alpha3Converter.Result result) {
    this.result = result;
  }

  /** Converts the v1alpha3 experiment in a file. */
  public static V1alpha3Conversion convert(Path file) {
    return convert(TextFiles.read(file), file.toString());
  }

  /**
   * Converts the v1alpha3 experiment in {@code text}.
   *
   * @throws io.github.katib4j.KatibParseException when the text is not a v1alpha3 experiment
   * @throws KatibException when its template uses constructs that cannot be converted faithfully
   */
  public static V1alpha3Conversion convert(String text, String source) {
    return new V1alpha3Conversion(V1alpha3Converter.convert(text, source));
  }

  /**
   * Converts every v1alpha3 experiment in {@code text} (one per YAML document), skipping objects of other kinds such
   * as a ConfigMap bundled with them; empty when the text holds none.
   *
   * @throws io.github.katib4j.KatibParseException when a document is not a v1alpha3 experiment
   * @throws KatibException when a template uses constructs that cannot be converted faithfully
   */
  public static List<V1alpha3Conversion> convertAll(String text, String source) {
    return V1alpha3Converter.convertAll(text, source).stream().map(V1alpha3Conversion::new)
        .collect(Collectors.toList());
  }

  /** The equivalent v1beta1 experiment (not yet validated). */
  public Experiment experiment() {
    return result.experiment();
  }

  /** What the conversion changed or could not carry over, one sentence each. */
  public List<String> notes() {
    return result.notes();
  }
}
