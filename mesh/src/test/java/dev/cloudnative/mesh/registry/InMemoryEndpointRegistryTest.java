package dev.cloudnative.mesh.registry;

import dev.cloudnative.mesh.EndpointRegistry;

class InMemoryEndpointRegistryTest extends EndpointRegistryContractTest {

  @Override
  EndpointRegistry create() {
    return new InMemoryEndpointRegistry();
  }
}
