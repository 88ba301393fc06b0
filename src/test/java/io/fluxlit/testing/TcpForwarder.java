package io.fluxlit.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port in front of a real server, which a test can take down (the
 * port then refuses connections, open ones are cut): the "provider is down" of the sign-in tests.
 */
public final class TcpForwarder implements AutoCloseable {

  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();

  private TcpForwarder(Vertx vertx, String host, int port) {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      open.add(in);
      client.connect(port, host).onComplete(connected -> {
        if (connected.failed()) {
          in.close();
          return;
        }
        NetSocket out = connected.result();
        open.add(out);
        in.pipeTo(out);
        out.pipeTo(in);
        in.resume();
      });
    });
  }

  /**
   * @param vertx the test's Vert.x
   * @param host the real server's host
   * @param port the real server's port
   * @return a forwarder listening on a free loopback port
   */
  public static TcpForwarder start(Vertx vertx, String host, int port) {
    TcpForwarder forwarder = new TcpForwarder(vertx, host, port);
    forwarder.server.listen(0, "127.0.0.1").await();
    return forwarder;
  }

  /** @return the port it listens on */
  public int port() {
    return server.actualPort();
  }

  /** Stops listening and cuts every forwarded connection. */
  @Override
  public void close() {
    server.close().await();
    open.forEach(NetSocket::close);
    open.clear();
  }
}
