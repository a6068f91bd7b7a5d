package org.atende.media.quality;

import java.util.Locale;
import java.util.Optional;

/**
 * How a codec degrades speech in the E-model (ITU-T G.107 §3.6, values from G.113 Appendix I): the equipment
 * impairment {@code ie} it causes with no loss, and its packet-loss robustness {@code bpl}, the larger the
 * more loss it hides.
 *
 * <p><b>G.711 defaults to the with-PLC value (Bpl 25.1).</b> Atende relays G.711 to phones, gateways and
 * carriers that all conceal lost packets (G.711 Appendix I or similar), so the listener hears concealed
 * loss; Bpl 4.3 (no PLC, lost frames played as silence) would rate 1 % random loss as Ie,eff ≈ 18, far
 * harsher than what anyone hears. {@link #G711_NO_PLC} stays available for endpoints known to lack PLC.
 *
 * <p><b>G.722 is a placeholder.</b> G.113 rates wideband codecs only on the wideband scale of G.107.1
 * (R up to 129), which this narrowband model does not use. We rate G.722 like G.711 with PLC: no
 * impairment on the narrowband scale (its band includes G.711's) and the same robustness, which matches
 * G.722 Appendix III/IV concealment only roughly.
 *
 * @param name codec label, for logs
 * @param ie   equipment impairment without loss, ≥ 0
 * @param bpl  packet-loss robustness factor, &gt; 0
 */
public record CodecImpairment(String name, double ie, double bpl) {

    /** G.711 with packet loss concealment (G.113 Appendix I: Ie 0, Bpl 25.1). The default for PCMU/PCMA. */
    public static final CodecImpairment G711_PLC = new CodecImpairment("G.711+PLC", 0, 25.1);
    /** G.711 without packet loss concealment, random loss (G.113 Appendix I: Ie 0, Bpl 4.3). */
    public static final CodecImpairment G711_NO_PLC = new CodecImpairment("G.711", 0, 4.3);
    /** G.722 rated as G.711 with PLC on the narrowband scale; see the class comment. */
    public static final CodecImpairment G722 = new CodecImpairment("G.722", 0, 25.1);
    /** G.729A with VAD (G.113 Appendix I: Ie 11, Bpl 19.0). */
    public static final CodecImpairment G729A = new CodecImpairment("G.729A", 11, 19.0);

    public CodecImpairment {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("codec name required");
        }
        if (!(ie >= 0)) {
            throw new IllegalArgumentException("Ie must be >= 0: " + ie);
        }
        if (!(bpl > 0)) {
            throw new IllegalArgumentException("Bpl must be > 0: " + bpl);
        }
    }

    /** The impairment for an SDP encoding name (PCMU, PCMA, G722, G729), case-insensitive. */
    public static Optional<CodecImpairment> forEncoding(String encoding) {
        return switch (encoding.toUpperCase(Locale.ROOT)) {
            case "PCMU", "PCMA" -> Optional.of(G711_PLC);
            case "G722" -> Optional.of(G722);
            case "G729" -> Optional.of(G729A);
            default -> Optional.empty();
        };
    }
}
