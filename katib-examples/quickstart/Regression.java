import java.util.Locale;
import java.util.Random;

/**
 * A small, real training program for katib4j's quickstart: ridge regression trained by mini-batch SGD with momentum on
 * a synthetic dataset, printing the validation loss after every epoch in the form Katib's StdOut collector reads
 * ({@code epoch=3 loss=0.284 r2=0.91}).
 *
 * <p>Run it as any trial program: {@code java Regression.java --lr=0.05 --momentum=0.9 --l2=0.001}.
 */
public class Regression {
  public static void main(String[] args) {
    double lr = 0.01;
    double momentum = 0.0;
    double l2 = 0.0;
    int epochs = 20;
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      switch (kv[0]) {
        case "lr": lr = Double.parseDouble(kv[1]); break;
        case "momentum": momentum = Double.parseDouble(kv[1]); break;
        case "l2": l2 = Double.parseDouble(kv[1]); break;
        case "epochs": epochs = Integer.parseInt(kv[1]); break;
        default: throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    int n = 600;
    int d = 12;
    double[][] x = new double[n][d];
    double[] y = new double[n];
    Random data = new Random(42);
    double[] truth = new double[d];
    for (int j = 0; j < d; j++) {
      truth[j] = data.nextGaussian() * (j < 4 ? 3 : 0.3);
    }
    for (int i = 0; i < n; i++) {
      double dot = 0;
      for (int j = 0; j < d; j++) {
        x[i][j] = data.nextGaussian() * (1 + j % 3);
        dot += x[i][j] * truth[j];
      }
      y[i] = dot + data.nextGaussian() * 2;
    }
    int train = 450;
    double[] w = new double[d];
    double[] velocity = new double[d];
    double bias = 0;
    double biasVelocity = 0;
    Random order = new Random(7);
    int batch = 25;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      int[] perm = order.ints(0, train).limit(train).toArray();
      for (int start = 0; start < train; start += batch) {
        double[] grad = new double[d];
        double biasGrad = 0;
        int size = Math.min(batch, train - start);
        for (int b = 0; b < size; b++) {
          int i = perm[start + b];
          double error = predict(w, bias, x[i]) - y[i];
          for (int j = 0; j < d; j++) {
            grad[j] += 2 * error * x[i][j] / size;
          }
          biasGrad += 2 * error / size;
        }
        for (int j = 0; j < d; j++) {
          velocity[j] = momentum * velocity[j] - lr * (grad[j] + 2 * l2 * w[j]);
          w[j] += velocity[j];
        }
        biasVelocity = momentum * biasVelocity - lr * biasGrad;
        bias += biasVelocity;
      }
      double loss = 0;
      double mean = 0;
      for (int i = train; i < n; i++) {
        mean += y[i] / (n - train);
      }
      double total = 0;
      for (int i = train; i < n; i++) {
        double error = predict(w, bias, x[i]) - y[i];
        loss += error * error / (n - train);
        total += (y[i] - mean) * (y[i] - mean) / (n - train);
      }
      if (!Double.isFinite(loss)) {
        System.out.println("epoch=" + epoch + ": training diverged; try a smaller learning rate");
        System.exit(1);
      }
      System.out.println(String.format(Locale.ROOT, "epoch=%d loss=%.6g r2=%.4g", epoch, loss, 1 - loss / total));
    }
  }

  private static double predict(double[] w, double bias, double[] x) {
    double sum = bias;
    for (int j = 0; j < w.length; j++) {
      sum += w[j] * x[j];
    }
    return sum;
  }
}
