package io.github.katib4j.search.internal.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.katib4j.search.internal.numeric.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  private final SearchSpace space = SearchSpace.of(Dimension.logReal(1e-4, 1e-1), Dimension.integer(2, 6),
      Dimension.categorical(3), Dimension.real(-1, 1));

  @Test
  void encode_mixedPoint_scalesToUnitAndOneHots() {
    double[] f = space.encode(new double[] {1e-2, 4, 2, 0.5});

    assertThat(space.features()).isEqualTo(6);
    assertThat(f).containsExactly(new double[] {2.0 / 3, 0.5, 0, 0, 1, 0.75}, within(1e-12));
  }

  @Test
  void decode_ofEncode_givesThePointBack() {
    double[] point = {3.3e-3, 5, 1, -0.25};

    assertThat(space.decode(space.encode(point))).containsExactly(point, within(1e-12));
  }

  @Test
  void sample_staysInBoundsAndIsLogUniformForLogReals() {
    Rng rng = Rng.of(1);
    double[] logs = new double[4000];
    for (int i = 0; i < logs.length; i++) {
      double[] p = space.sample(rng);
      assertThat(p[0]).isBetween(1e-4, 1e-1);
      assertThat(p[1]).isIn(2.0, 3.0, 4.0, 5.0, 6.0);
      assertThat(p[2]).isIn(0.0, 1.0, 2.0);
      assertThat(p[3]).isBetween(-1.0, 1.0);
      logs[i] = Math.log10(p[0]);
    }
    Arrays.sort(logs);
    assertThat(logs[logs.length / 2]).isCloseTo(-2.5, within(0.1));
  }

  @Test
  void snap_relaxedInteger_roundsToTheNearestValue() {
    double[] f = {0.4, 0.6, 1, 0, 0, 0.5};

    space.snap(f);

    assertThat(f[1]).isEqualTo(0.5);
    assertThat(f[0]).isEqualTo(0.4);
  }

  @Test
  void movableFeatures_areRealsAndNonTrivialIntegersButNeverCategories() {
    SearchSpace withFixed = SearchSpace.of(Dimension.real(0, 1), Dimension.integer(3, 3), Dimension.categorical(2));

    assertThat(withFixed.movableFeatures()).containsExactly(true, false, false, false);
  }

  @Test
  void encode_categoryOutOfRange_isRejectedWithTheDimension() {
    assertThatThrownBy(() -> space.encode(new double[] {1e-2, 4, 3, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("category index 3.0 of dimension 2")
        .hasMessageContaining("0..2");
  }

  @Test
  void encode_wrongLength_isRejected() {
    assertThatThrownBy(() -> space.encode(new double[] {1e-2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a point with 4 coordinates, got 1");
  }

  @Test
  void dimensions_invalidBounds_areRejectedWithTheValues() {
    assertThatThrownBy(() -> Dimension.real(2, 1)).hasMessageContaining("(low=2.0, high=1.0)");
    assertThatThrownBy(() -> Dimension.logReal(0, 1)).hasMessageContaining("low > 0, got low=0.0");
    assertThatThrownBy(() -> Dimension.integer(5, 4)).hasMessageContaining("(low=5, high=4)");
    assertThatThrownBy(() -> Dimension.categorical(0)).hasMessageContaining("at least one category");
    assertThatThrownBy(() -> SearchSpace.of()).hasMessageContaining("at least one dimension");
  }
}
