package consumer;

import dev.cloudnative.mesh.ServiceMesh;

/** Compiles only if cloudnative-mesh came onto the classpath through the BOM. */
public final class BomConsumer {
  private BomConsumer() {}

  public static void main(String[] args) {
    System.out.println("mesh API: " + ServiceMesh.class.getName());
  }
}
