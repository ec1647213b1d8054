package dev.cloudnative.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.NodeUnavailableException;
import dev.cloudnative.storage.StorageNode;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InMemoryNodeTest extends StorageNodeContractTest {
  @Override
  protected StorageNode create() {
    return new InMemoryNode("mem-1");
  }

  @Test
  void simulatedOutageFailsCalls() {
    InMemoryNode n = (InMemoryNode) node;
    n.fail();
    assertThatThrownBy(n::ping)
        .isInstanceOf(NodeUnavailableException.class)
        .hasMessageContaining("mem-1");
    n.recover(true);
    n.ping();
  }

  @Test
  void aWipeLosesTheIncarnationMarkerAndAnOutageKeepsIt() {
    InMemoryNode n = (InMemoryNode) node;
    dev.cloudnative.storage.Incarnation m =
        dev.cloudnative.storage.Incarnation.fresh("mem-1", true);
    n.writeIncarnation(m);
    n.fail();
    n.recover(false);
    assertThat(n.incarnation()).contains(m);
    n.fail();
    n.recover(true);
    assertThat(n.incarnation()).isEmpty();
  }

  @Test
  void outageControlsAndSizeAreRefusedAfterClose() {
    InMemoryNode n = (InMemoryNode) node;
    n.close();
    for (ThrowingCallable operation :
        List.<ThrowingCallable>of(n::fail, () -> n.recover(true), n::size)) {
      assertThatThrownBy(operation)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("storage node mem-1 is closed");
    }
    assertThat(n.nonBlocking()).isTrue();
  }
}
