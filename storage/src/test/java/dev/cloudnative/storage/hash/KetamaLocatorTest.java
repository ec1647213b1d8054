package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.NodeLocator;
import java.util.Map;

class KetamaLocatorTest extends NodeLocatorContractTest {
  @Override
  NodeLocator create(Map<String, Integer> nodes) {
    return KetamaLocator.of(nodes);
  }

  @Override
  boolean minimalDisruptionOnAnyRemoval() {
    return true;
  }

  @Override
  double maxPeakToMean() {
    return 1.6;
  }
}
