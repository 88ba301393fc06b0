package io.fluxlit.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket peer on a plain socket that does only what a test tells it: it completes the
 * handshake and then never answers a ping, nor a close frame. Real WebSocket libraries answer
 * both on their own, so a peer that has hung (or a hostile one) can only be played this way.
 * It records the frames it receives and when its connection ends.
 */
public final class RawWebSocketPeer implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** A frame as received: opcode, and for close frames the code. */
  public record Frame(int opcode, int closeCode) {
    public static final int TEXT = 1;
    public static final int CLOSE = 8;
    public static final int PING = 9;
  }

  private final Socket socket;
  private final boolean masking;
  private final List<Frame> frames = new CopyOnWriteArrayList<>();
  private final AtomicBoolean ended = new AtomicBoolean();

  private RawWebSocketPeer(Socket socket, boolean masking) {
    this.socket = socket;
    this.masking = masking;
  }

  /** A server peer waiting for its one connection. */
  public static final class Server implements AutoCloseable {
    private final ServerSocket server;
    private final List<RawWebSocketPeer> accepted = new CopyOnWriteArrayList<>();

    Server(ServerSocket server) {
      this.server = server;
      Thread thread = new Thread(this::acceptAll, "raw-websocket-server");
      thread.setDaemon(true);
      thread.start();
    }

    private void acceptAll() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          InputStream in = socket.getInputStream();
          String head = readHead(in);
          String key = RawHttpHead.header(head, "sec-websocket-key");
          String protocol = RawHttpHead.header(head, "sec-websocket-protocol");
          String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept(key) + "\r\n"
            + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol.split(",")[0].trim() + "\r\n") + "\r\n";
          socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
          socket.getOutputStream().flush();
          RawWebSocketPeer peer = new RawWebSocketPeer(socket, false);
          accepted.add(peer);
          peer.startReading(in);
        } catch (IOException e) {
          return;
        }
      }
    }

    /** @return the port it listens on */
    public int port() {
      return server.getLocalPort();
    }

    /** @return the peers accepted so far */
    public List<RawWebSocketPeer> accepted() {
      return accepted;
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (RawWebSocketPeer peer : accepted) {
        peer.close();
      }
    }
  }

  /** @return a server peer on a free loopback port */
  public static Server server() throws IOException {
    return new Server(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  /**
   * Connects and completes the handshake.
   *
   * @param port the gateway's port
   * @param path the path to upgrade
   * @param receiveBuffer the socket's receive buffer; small, with {@code read} false, to play a
   *     browser that reads nothing
   * @param read whether to read (and record) frames; {@code false}: nothing after the 101 is read
   * @return the connected peer
   */
  public static RawWebSocketPeer connect(int port, String path, int receiveBuffer, boolean read) throws IOException {
    return connect(port, path, receiveBuffer, read, null);
  }

  /**
   * As {@link #connect(int, String, int, boolean)}, with an {@code X-Request-ID}.
   *
   * @param requestId the request ID to send, or {@code null}
   */
  public static RawWebSocketPeer connect(int port, String path, int receiveBuffer, boolean read, String requestId)
    throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    String key = Base64.getEncoder().encodeToString("fluxlit-test-key".getBytes(StandardCharsets.US_ASCII));
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
      + (requestId == null ? "" : "X-Request-ID: " + requestId + "\r\n") + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    String head = readHead(in);
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("no 101: " + head);
    }
    RawWebSocketPeer peer = new RawWebSocketPeer(socket, true);
    if (read) {
      peer.startReading(in);
    }
    return peer;
  }

  /** @return the frames received so far */
  public List<Frame> frames() {
    return frames;
  }

  /** @return whether the other side closed (or reset) the TCP connection */
  public boolean ended() {
    return ended.get();
  }

  /** @param text a text frame to send (masked when this peer is a client) */
  public void sendText(String text) throws IOException {
    sendFrame(Frame.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param opcode the frame's opcode (0 = continuation)
   * @param fin whether it is the message's last frame
   * @param data its payload, shorter than 64 KiB
   */
  public void sendFrame(int opcode, boolean fin, byte[] data) throws IOException {
    byte[] payload = data.clone();
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masking ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else {
      frame.write(maskBit | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = {1, 2, 3, 4};
    if (masking) {
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
    }
    frame.write(payload);
    OutputStream out = socket.getOutputStream();
    out.write(frame.toByteArray());
    out.flush();
  }

  /**
   * Reads everything left until the connection ends (for a peer that did not read so far).
   *
   * @param timeoutMs how long a read may block
   * @return whether the connection ended (EOF or reset) rather than went quiet
   */
  public boolean drainUntilEnd(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      while (in.read(buffer) != -1) {
        // discard
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private void startReading(InputStream in) {
    Thread thread = new Thread(() -> {
      DataInputStream data = new DataInputStream(in);
      try {
        while (true) {
          int b0 = data.readUnsignedByte();
          int b1 = data.readUnsignedByte();
          long length = b1 & 0x7f;
          if (length == 126) {
            length = data.readUnsignedShort();
          } else if (length == 127) {
            length = data.readLong();
          }
          byte[] mask = new byte[4];
          if ((b1 & 0x80) != 0) {
            data.readFully(mask);
          }
          byte[] payload = new byte[(int) length];
          data.readFully(payload);
          if ((b1 & 0x80) != 0) {
            for (int i = 0; i < payload.length; i++) {
              payload[i] ^= mask[i % 4];
            }
          }
          int opcode = b0 & 0x0f;
          int code = opcode == Frame.CLOSE && payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : -1;
          frames.add(new Frame(opcode, code));
        }
      } catch (EOFException e) {
        ended.set(true);
      } catch (IOException e) {
        ended.set(true);
      }
    }, "raw-websocket-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("the connection ended in the handshake: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }


  private static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
