package io.github.katib4j.examples;

import java.util.Random;

/**
 * A small real model for the examples: L2-regularised logistic regression trained by SGD on a generated
 * two-class dataset with informative and noise features, reporting validation accuracy and log loss per epoch.
 */
public final class LogisticRegression {
  private static final int SAMPLES = 800;
  private static final int FEATURES = 10;
  private static final int TRAIN = 600;

  private final double[][] x = new double[SAMPLES][FEATURES];
  private final int[] y = new int[SAMPLES];
  private final double[] w = new double[FEATURES];
  private final double learningRate;
  private final double l2;
  private final Random order = new Random(11);
  private double bias;

  /** A model to train with this learning rate and L2 penalty, on the examples' fixed dataset. */
  public LogisticRegression(double learningRate, double l2) {
    this.learningRate = learningRate;
    this.l2 = l2;
    Random data = new Random(5);
    for (int i = 0; i < SAMPLES; i++) {
      y[i] = data.nextBoolean() ? 1 : 0;
      for (int j = 0; j < FEATURES; j++) {
        double signal = j < 3 ? (y[i] == 1 ? 0.8 : -0.8) * (j + 1) / 3.0 : 0;
        x[i][j] = signal + data.nextGaussian() * (j < 3 ? 1.5 : 3);
      }
    }
  }

  /** One pass of SGD over the training set. */
  public void trainEpoch() {
    for (int step = 0; step < TRAIN; step++) {
      int i = order.nextInt(TRAIN);
      double error = probability(x[i]) - y[i];
      for (int j = 0; j < FEATURES; j++) {
        w[j] -= learningRate * (error * x[i][j] + l2 * w[j]);
      }
      bias -= learningRate * error;
    }
  }

  /** The fraction of validation samples classified right. */
  public double accuracy() {
    int right = 0;
    for (int i = TRAIN; i < SAMPLES; i++) {
      right += (probability(x[i]) >= 0.5 ? 1 : 0) == y[i] ? 1 : 0;
    }
    return right / (double) (SAMPLES - TRAIN);
  }

  /** The mean log loss on the validation samples. */
  public double logLoss() {
    double loss = 0;
    for (int i = TRAIN; i < SAMPLES; i++) {
      double p = Math.min(1 - 1e-12, Math.max(1e-12, probability(x[i])));
      loss -= y[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return loss / (SAMPLES - TRAIN);
  }

  private double probability(double[] features) {
    double z = bias;
    for (int j = 0; j < FEATURES; j++) {
      z += w[j] * features[j];
    }
    return 1 / (1 + Math.exp(-z));
  }
}
