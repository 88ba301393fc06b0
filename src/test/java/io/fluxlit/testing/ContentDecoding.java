package io.fluxlit.testing;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStream;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** Decodes a response body by its {@code Content-Encoding}, as a browser does. */
public final class ContentDecoding {

  private ContentDecoding() {
  }

  /**
   * @param encoding {@code br}, {@code zstd}, {@code gzip}, or {@code null} for none
   * @param body the body as sent
   * @return the decoded bytes
   */
  public static Buffer decode(String encoding, Buffer body) {
    if (encoding == null) {
      return body;
    }
    ByteArrayInputStream raw = new ByteArrayInputStream(body.getBytes());
    try (InputStream in = switch (encoding) {
      case "br" -> {
        Brotli4jLoader.ensureAvailability();
        yield new BrotliInputStream(raw);
      }
      case "zstd" -> new ZstdInputStream(raw);
      case "gzip" -> new GZIPInputStream(raw);
      default -> throw new AssertionError("unexpected Content-Encoding " + encoding);
    }) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
