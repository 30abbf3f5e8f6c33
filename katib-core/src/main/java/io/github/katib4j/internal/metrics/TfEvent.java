package io.github.katib4j.internal.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a TensorBoard {@code Event} proto that Katib's collector uses: wall time, step, the file version, a
 * {@code SessionLog} status, and the summary values. Fields in a {@code oneof} follow protobuf's rule that the last
 * one on the wire wins.
 */
final class TfEvent {
  static final int SESSION_LOG_START = 1;

  private static final int WALL_TIME = 1;
  private static final int STEP = 2;
  private static final int FILE_VERSION = 3;
  private static final int SUMMARY = 5;
  private static final int SESSION_LOG = 7;
  private static final int LAST_ONEOF_FIELD = 9;

  double wallTime;
  long step;
  String fileVersion;
  int sessionLogStatus = -1;
  List<Value> values;

  /** One {@code Summary.Value}: a tag, its plugin (when it carries metadata) and a simple value or a tensor. */
  static final class Value {
    String tag = "";
    String nodeName = "";
    boolean hasMetadata;
    String pluginName = "";
    boolean hasSimpleValue;
    float simpleValue;
    Tensor tensor;
  }

  /** Decodes one serialized {@code Event}; throws {@link ProtoReader.MalformedException} when it is not one. */
  static TfEvent decode(byte[] record) {
    TfEvent event = new TfEvent();
    ProtoReader in = new ProtoReader(record);
    int oneof = 0;
    while (in.next()) {
      int field = in.field();
      if (field == WALL_TIME && in.wireType() == ProtoReader.FIXED64) {
        event.wallTime = in.doubleValue();
      } else if (field == STEP && in.wireType() == ProtoReader.VARINT) {
        event.step = in.varint();
      } else if (field >= FILE_VERSION && field <= LAST_ONEOF_FIELD && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
        if (field != oneof) {
          oneof = field;
          event.fileVersion = null;
          event.values = null;
          event.sessionLogStatus = -1;
        }
        if (field == FILE_VERSION) {
          event.fileVersion = in.string();
        } else if (field == SUMMARY) {
          if (event.values == null) {
            event.values = new ArrayList<>();
          }
          decodeSummary(in.message(), event.values);
        } else if (field == SESSION_LOG) {
          event.sessionLogStatus = Math.max(0, event.sessionLogStatus);
          ProtoReader log = in.message();
          while (log.next()) {
            if (log.field() == 1 && log.wireType() == ProtoReader.VARINT) {
              event.sessionLogStatus = (int) log.varint();
            } else {
              log.skip();
            }
          }
        } else {
          in.skip();
        }
      } else {
        in.skip();
      }
    }
    return event;
  }

  boolean hasSummary() {
    return values != null;
  }

  private static void decodeSummary(ProtoReader in, List<Value> values) {
    while (in.next()) {
      if (in.field() == 1 && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
        values.add(decodeValue(in.message()));
      } else {
        in.skip();
      }
    }
  }

  private static Value decodeValue(ProtoReader in) {
    Value value = new Value();
    while (in.next()) {
      int field = in.field();
      int wire = in.wireType();
      boolean oneofMember = field == 2 && wire == ProtoReader.FIXED32
          || field >= 3 && field <= 8 && field != 7 && wire == ProtoReader.LENGTH_DELIMITED;
      if (oneofMember && field != 8) {
        value.tensor = null;
      }
      if (oneofMember && field != 2) {
        value.hasSimpleValue = false;
      }
      if (field == 1 && wire == ProtoReader.LENGTH_DELIMITED) {
        value.tag = in.string();
      } else if (field == 7 && wire == ProtoReader.LENGTH_DELIMITED) {
        value.nodeName = in.string();
      } else if (field == 2 && wire == ProtoReader.FIXED32) {
        value.hasSimpleValue = true;
        value.simpleValue = in.floatValue();
      } else if (field == 8 && wire == ProtoReader.LENGTH_DELIMITED) {
        if (value.tensor == null) {
          value.tensor = new Tensor();
        }
        value.tensor.merge(in.message());
      } else if (field == 9 && wire == ProtoReader.LENGTH_DELIMITED) {
        value.hasMetadata = true;
        decodeMetadata(in.message(), value);
      } else {
        in.skip();
      }
    }
    return value;
  }

  private static void decodeMetadata(ProtoReader in, Value value) {
    while (in.next()) {
      if (in.field() == 1 && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
        ProtoReader pluginData = in.message();
        while (pluginData.next()) {
          if (pluginData.field() == 1 && pluginData.wireType() == ProtoReader.LENGTH_DELIMITED) {
            value.pluginName = pluginData.string();
          } else {
            pluginData.skip();
          }
        }
      } else {
        in.skip();
      }
    }
  }
}
