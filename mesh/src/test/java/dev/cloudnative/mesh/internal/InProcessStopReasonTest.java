package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.StopReasonContractTest;

class InProcessStopReasonTest extends StopReasonContractTest {

  @Override
  protected ServiceMesh create(MeshClock clock) {
    return ServiceMesh.builder().clock(clock).seed(1).build();
  }
}
