package io.github.katib4j.experiment;

import io.github.katib4j.codec.KatibCodec;
import java.util.Optional;
import org.immutables.value.Value;

/** The suggestion state of an experiment ({@code kubeflow.org/v1beta1 Suggestion}), named after the experiment. */
@Value.Immutable
public abstract class AbstractSuggestion implements KatibObject {
  /** {@code Suggestion}. */
  public static final String KIND = "Suggestion";

  @Override
  public final String kind() {
    return KIND;
  }

  @Override
  @Value.Default
  public ObjectMeta metadata() {
    return ObjectMeta.builder().build();
  }

  @Value.Default
  public SuggestionSpec spec() {
    return SuggestionSpec.builder().build();
  }

  public abstract Optional<SuggestionStatus> status();

  /** The suggestion in Katib's JSON form, compact, as {@link Experiment#toString()} shows an experiment. */
  @Override
  public String toString() {
    return KatibCodec.create().toJson(this, false);
  }
}
