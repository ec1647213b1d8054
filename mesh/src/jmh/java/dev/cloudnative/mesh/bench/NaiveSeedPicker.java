package dev.cloudnative.mesh.bench;

import dev.cloudnative.mesh.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The baseline the issue asks for, written like the seed's Python: per call, build the list of
 * endpoints and their weights from the version map, accumulate the weights and draw one at random
 * ({@code random.choices}).
 */
final class NaiveSeedPicker {

  private final Map<String, List<Endpoint>> versions = new LinkedHashMap<>();

  NaiveSeedPicker(List<Endpoint> endpoints) {
    versions.put("v1", endpoints);
  }

  /**
   * @return the index of the chosen endpoint in the population
   */
  int pick() {
    List<Endpoint> population = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    for (List<Endpoint> endpoints : versions.values()) {
      for (Endpoint e : endpoints) {
        population.add(e);
        weights.add(e.weight());
      }
    }
    double[] cumulative = new double[weights.size()];
    double total = 0;
    for (int i = 0; i < cumulative.length; i++) {
      total += weights.get(i);
      cumulative[i] = total;
    }
    double x = ThreadLocalRandom.current().nextDouble() * total;
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    // The seed returns the chosen endpoint; looking it up keeps that cost in the measurement.
    return population.get(lo).port() == 0 ? -1 : lo;
  }
}
