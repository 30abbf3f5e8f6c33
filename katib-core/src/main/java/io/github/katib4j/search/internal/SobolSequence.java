package io.github.katib4j.search.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A scrambled Sobol sequence in up to {@value #MAX_DIMENSIONS} dimensions with Joe and Kuo's direction numbers,
 * scrambled as scipy's {@code qmc.Sobol} is (a random lower-triangular binary matrix per dimension applied to the
 * direction numbers, then a random digital shift); any point is computed directly from its index.
 */
public final class SobolSequence {
  /** The dimensions the embedded direction numbers cover. */
  public static final int MAX_DIMENSIONS = 256;

  private static final int BITS = 32;
  private static final List<int[]> TABLE = load();

  private final int[][] directions;
  private final int[] shifts;

  /** The sequence in {@code dimensions} dimensions, scrambled with {@code seed}. */
  public SobolSequence(int dimensions, long seed) {
    if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("Sobol supports 1 to " + MAX_DIMENSIONS + " dimensions, not " + dimensions);
    }
    Rng rng = Rng.of(seed, 0x736f626fL);
    directions = new int[dimensions][];
    shifts = new int[dimensions];
    for (int j = 0; j < dimensions; j++) {
      int[] v = unscrambled(j);
      int[] rows = new int[BITS];
      for (int i = 0; i < BITS; i++) {
        // Row i of a lower-triangular matrix with unit diagonal: output digit i mixes input digits 0..i, where digit
        // 0 is the most significant bit.
        int below = i == BITS - 1 ? -1 : ~(-1 >>> (i + 1));
        rows[i] = ((int) rng.nextLong() & below) | (1 << (BITS - 1 - i));
      }
      for (int c = 0; c < BITS; c++) {
        int scrambled = 0;
        for (int i = 0; i < BITS; i++) {
          scrambled |= (Integer.bitCount(rows[i] & v[c]) & 1) << (BITS - 1 - i);
        }
        v[c] = scrambled;
      }
      directions[j] = v;
      shifts[j] = (int) rng.nextLong();
    }
  }

  /** Point {@code index} (from 0), each coordinate in [0, 1). */
  public double[] point(long index) {
    if (index < 0 || index >= (1L << BITS)) {
      throw new IllegalArgumentException("Sobol point index must be in [0, 2^32), got " + index);
    }
    long gray = index ^ (index >>> 1);
    double[] point = new double[directions.length];
    for (int j = 0; j < directions.length; j++) {
      int x = shifts[j];
      for (int c = 0; c < BITS; c++) {
        if ((gray >>> c & 1) != 0) {
          x ^= directions[j][c];
        }
      }
      point[j] = (x & 0xFFFFFFFFL) * 0x1.0p-32;
    }
    return point;
  }

  /** Direction numbers v_1..v_32 of dimension {@code j} (from 0), as 32-bit fractions. */
  private static int[] unscrambled(int j) {
    int[] v = new int[BITS];
    if (j == 0) {
      for (int c = 0; c < BITS; c++) {
        v[c] = 1 << (BITS - 1 - c);
      }
      return v;
    }
    int[] row = TABLE.get(j - 1);
    int s = row[1];
    int a = row[2];
    for (int c = 0; c < Math.min(s, BITS); c++) {
      v[c] = row[3 + c] << (BITS - 1 - c);
    }
    for (int c = s; c < BITS; c++) {
      int value = v[c - s] ^ (v[c - s] >>> s);
      for (int k = 1; k < s; k++) {
        value ^= ((a >>> (s - 1 - k)) & 1) * v[c - k];
      }
      v[c] = value;
    }
    return v;
  }

  private static List<int[]> load() {
    List<int[]> rows = new ArrayList<>();
    try (InputStream in = SobolSequence.class.getResourceAsStream("sobol-joe-kuo-6.21201.txt")) {
      if (in == null) {
        throw new IllegalStateException("sobol-joe-kuo-6.21201.txt is missing from katib-core");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.trim().split("\\s+");
        int[] row = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
          row[i] = Integer.parseInt(fields[i]);
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
