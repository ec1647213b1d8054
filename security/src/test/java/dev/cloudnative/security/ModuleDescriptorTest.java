package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The tests run inside the named module (surefire patches them in), so the module-info this jar
 * ships is the one checked here: its name, and which packages users can reach.
 */
class ModuleDescriptorTest {

  @Test
  void theJarIsANamedModuleThatExportsTheApi() {
    Module module = Security.class.getModule();
    assertThat(module.isNamed()).as("tests run on the module path").isTrue();
    ModuleDescriptor descriptor = module.getDescriptor();
    assertThat(descriptor.name()).isEqualTo("dev.cloudnative.security");
    assertThat(descriptor.isAutomatic()).isFalse();
    assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source))
        .contains("dev.cloudnative.security")
        .doesNotContain("dev.cloudnative.security.internal");
  }
}
