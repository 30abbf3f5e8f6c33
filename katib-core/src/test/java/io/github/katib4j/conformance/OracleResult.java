package io.github.katib4j.conformance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Katib's answer to one {@link OracleCase}: the defaulted experiment, its validation errors and the rendered trial. */
public final class OracleResult {
  /** One entry of Katib's {@code field.ErrorList}; {@code type} is e.g. {@code FieldValueInvalid}. */
  public record FieldError(String field, String type, String detail, String message) {}

  private final JsonObject json;
  private final List<FieldError> validationErrors;

  private OracleResult(JsonObject json, List<FieldError> validationErrors) {
    this.json = json;
    this.validationErrors = validationErrors;
  }

  /** Reads one result line of the oracle. */
  static OracleResult fromJson(JsonObject json) {
    List<FieldError> errors = null;
    JsonElement list = json.get("validationErrors");
    if (list != null && list.isJsonArray()) {
      errors = new ArrayList<>();
      for (JsonElement item : list.getAsJsonArray()) {
        JsonObject error = item.getAsJsonObject();
        errors.add(new FieldError(string(error, "field"), string(error, "type"), string(error, "detail"),
            string(error, "message")));
      }
      errors = Collections.unmodifiableList(errors);
    }
    return new OracleResult(json, errors);
  }

  public String id() {
    return string(json, "id");
  }

  /** Why Katib's webhook could not decode the experiment (or the old one), if it could not. */
  public Optional<String> decodeError() {
    return Optional.ofNullable(string(json, "decodeError"));
  }

  /** The experiment as Katib stores it after its mutating webhook, if it decoded. */
  public Optional<JsonObject> defaulted() {
    return object("defaulted");
  }

  /** Whether Katib's validator ran to the end (it does not after a decoding error or a panic). */
  public boolean validated() {
    return validationErrors != null;
  }

  /** Katib's validation errors, in Katib's order; empty when valid or when validation did not run. */
  public List<FieldError> validationErrors() {
    return validationErrors == null ? List.of() : validationErrors;
  }

  /** The distinct field paths of the validation errors, such as {@code spec.parameters[0].feasibleSpace.max}. */
  public Set<String> failingFields() {
    Set<String> fields = new LinkedHashSet<>();
    validationErrors().forEach(e -> fields.add(e.field()));
    return Collections.unmodifiableSet(fields);
  }

  /** Whether Katib's admission webhooks would let the experiment in. */
  public boolean accepted() {
    return validated() && validationErrors.isEmpty();
  }

  /** Whether Katib's validator returned early, right after a failing objective check. */
  public boolean stopped() {
    JsonElement stopped = json.get("stopped");
    return stopped != null && !stopped.isJsonNull() && stopped.getAsBoolean();
  }

  /** The text Katib substitutes placeholders in ({@code GetTrialTemplate}), if rendering was attempted and got it. */
  public Optional<String> templateText() {
    return Optional.ofNullable(string(json, "templateText"));
  }

  /** The trial resource Katib's experiment controller would create, if the case asked for one and it rendered. */
  public Optional<JsonObject> runSpec() {
    return object("runSpec");
  }

  /** Why rendering failed, if it was attempted and failed. */
  public Optional<String> renderError() {
    return Optional.ofNullable(string(json, "renderError"));
  }

  /** Stage, value and Go stack of a panic in Katib's code, if one happened. */
  public Optional<String> panic() {
    return Optional.ofNullable(string(json, "panic"));
  }

  /** The whole result line as the oracle wrote it. */
  public JsonObject json() {
    return json.deepCopy();
  }

  @Override
  public String toString() {
    return json.toString();
  }

  private Optional<JsonObject> object(String name) {
    JsonElement value = json.get(name);
    return value == null || !value.isJsonObject() ? Optional.empty() : Optional.of(value.getAsJsonObject().deepCopy());
  }

  private static String string(JsonObject json, String name) {
    JsonElement value = json.get(name);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }
}
