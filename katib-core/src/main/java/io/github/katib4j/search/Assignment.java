package io.github.katib4j.search;

import io.github.katib4j.KatibException;
import io.github.katib4j.experiment.ParameterAssignment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One value for each parameter of a search space, in the space's order: what a trial is run with. */
public final class Assignment implements Iterable<ParameterValue> {
  private final Map<String, ParameterValue> values;

  private Assignment(Map<String, ParameterValue> values) {
    this.values = values;
  }

  /** An assignment of these values; names must be unique. */
  public static Assignment of(List<ParameterValue> values) {
    Map<String, ParameterValue> byName = new LinkedHashMap<>();
    for (ParameterValue value : values) {
      if (byName.put(value.name(), value) != null) {
        throw new KatibException("parameter " + value.name() + " is assigned twice; assign each parameter once");
      }
    }
    return new Assignment(Collections.unmodifiableMap(byName));
  }

  /** Every value, in the search space's parameter order. */
  public List<ParameterValue> values() {
    return List.copyOf(values.values());
  }

  /** The value of parameter {@code name}. */
  public ParameterValue get(String name) {
    ParameterValue value = values.get(name);
    if (value == null) {
      throw new KatibException("no value for parameter " + name + "; this assignment has " + values.keySet());
    }
    return value;
  }

  /** Whether parameter {@code name} has a value. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * The value of parameter {@code name} as a number.
   *
   * @throws KatibException when there is no such parameter, or its value is not a number
   */
  public double asDouble(String name) {
    return get(name).asDouble();
  }

  /**
   * The value of parameter {@code name} as a whole number.
   *
   * @throws KatibException when there is no such parameter, or its value is not a whole number
   */
  public long asLong(String name) {
    return get(name).asLong();
  }

  /** Katib's string form of parameter {@code name}'s value. */
  public String text(String name) {
    return get(name).text();
  }

  /** The number of values. */
  public int size() {
    return values.size();
  }

  /** Katib's wire form: {@code {name, value}} pairs in parameter order. */
  public List<ParameterAssignment> toWire() {
    List<ParameterAssignment> wire = new ArrayList<>();
    values.values().forEach(v -> wire.add(ParameterAssignment.of(v.name(), v.text())));
    return wire;
  }

  /** Parameter name to Katib's string form, in parameter order. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    values.values().forEach(v -> map.put(v.name(), v.text()));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public Iterator<ParameterValue> iterator() {
    return values.values().iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Assignment && values.equals(((Assignment) o).values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
