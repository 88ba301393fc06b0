package io.fluxlit.gateway.http.assets;

import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.BrotliMode;
import io.netty.handler.codec.compression.CompressionOptions;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.vertx.core.http.CompressionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The codings this process can send and the two ways it compresses: streaming, by Vert.x's HTTP
 * compression with Netty's encoders at their fast default levels ({@link #streaming}), and once
 * per cached asset at high levels ({@link #compress}), where the cost is paid once and every
 * browser after gets the smaller body. Brotli and zstd need their native libraries (brotli4j,
 * zstd-jni); where one cannot load, that coding is not offered and one line says so.
 */
public final class Compressors {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  /** Bodies smaller than this (when their length is known) go out as they are: no gain worth the CPU. */
  public static final int MIN_BYTES = 512;

  /** Levels for a body compressed once and served many times (docs/performance.md#crowd-first-load). */
  static final int BROTLI_QUALITY = 9;
  static final int ZSTD_LEVEL = 15;
  static final int GZIP_LEVEL = 9;

  private static final List<ContentCoding> AVAILABLE = probe();

  private Compressors() {
  }

  private static List<ContentCoding> probe() {
    List<ContentCoding> codings = new ArrayList<>();
    if (Brotli.isAvailable()) {
      codings.add(ContentCoding.BR);
    } else {
      LOG.warn("brotli is not offered: its native library did not load ({})", Brotli.cause().toString());
    }
    if (io.netty.handler.codec.compression.Zstd.isAvailable()) {
      codings.add(ContentCoding.ZSTD);
    } else {
      LOG.warn("zstd is not offered: its native library did not load ({})",
        io.netty.handler.codec.compression.Zstd.cause().toString());
    }
    codings.add(ContentCoding.GZIP);
    return List.copyOf(codings);
  }

  /** @return the codings this process can send, best first */
  public static List<ContentCoding> available() {
    return AVAILABLE;
  }

  /**
   * @param enabled {@code FLUXLIT_GATEWAY_COMPRESSION}
   * @return Vert.x's HTTP compression for the gateway's server: the text responses in the
   *     browser's best coding, with Netty's encoders ({@link #streaming}), from {@link #MIN_BYTES}
   */
  public static CompressionConfig server(boolean enabled) {
    return new CompressionConfig().setCompressionEnabled(enabled).setContentSizeThreshold(MIN_BYTES)
      .setCompressors(streaming());
  }

  /** @return Netty's encoders for Vert.x's HTTP compression, one per available coding, fast levels */
  public static List<CompressionOptions> streaming() {
    List<CompressionOptions> options = new ArrayList<>();
    for (ContentCoding coding : AVAILABLE) {
      options.add(switch (coding) {
        case BR -> StandardCompressionOptions.brotli(4, 22, BrotliMode.TEXT);
        case ZSTD -> StandardCompressionOptions.zstd();
        case GZIP -> StandardCompressionOptions.gzip();
      });
    }
    return options;
  }

  /**
   * Compresses a whole body at the high levels; CPU-bound, so never on an event loop.
   *
   * @param coding the coding
   * @param body the identity body
   * @return the encoded body
   */
  static byte[] compress(ContentCoding coding, byte[] body) {
    try {
      return switch (coding) {
        case BR -> Encoder.compress(body, new Encoder.Parameters().setQuality(BROTLI_QUALITY).setMode(Encoder.Mode.TEXT));
        case ZSTD -> Zstd.compress(body, ZSTD_LEVEL);
        case GZIP -> gzip(body);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(GZIP_LEVEL);
      }
    }) {
      gzip.write(body);
    }
    return out.toByteArray();
  }
}
