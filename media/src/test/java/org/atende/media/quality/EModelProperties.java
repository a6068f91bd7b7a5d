package org.atende.media.quality;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class EModelProperties {

    @Provide
    Arbitrary<CodecImpairment> codecs() {
        return Arbitraries.of(CodecImpairment.G711_PLC, CodecImpairment.G711_NO_PLC, CodecImpairment.G722,
                CodecImpairment.G729A);
    }

    @Property
    void mosIsNonIncreasingInLoss(@ForAll @DoubleRange(min = 0, max = 100) double loss,
                                  @ForAll @DoubleRange(min = 0, max = 100) double more,
                                  @ForAll @DoubleRange(min = 0, max = 1000) double delay,
                                  @ForAll("codecs") CodecImpairment codec) {
        double higher = Math.min(100, loss + more);
        assertThat(EModel.DEFAULT.mos(delay, higher, codec))
                .isLessThanOrEqualTo(EModel.DEFAULT.mos(delay, loss, codec));
    }

    @Property
    void mosIsNonIncreasingInDelay(@ForAll @DoubleRange(min = 0, max = 1000) double delay,
                                   @ForAll @DoubleRange(min = 0, max = 1000) double more,
                                   @ForAll @DoubleRange(min = 0, max = 100) double loss,
                                   @ForAll("codecs") CodecImpairment codec) {
        assertThat(EModel.DEFAULT.mos(delay + more, loss, codec))
                .isLessThanOrEqualTo(EModel.DEFAULT.mos(delay, loss, codec));
    }

    @Property
    void mosIsNonDecreasingInRatingAndStaysInRange(@ForAll @DoubleRange(min = -50, max = 150) double r,
                                                  @ForAll @DoubleRange(min = 0, max = 20) double more) {
        double mos = EModel.mosFromR(r);
        assertThat(mos).isBetween(1.0, 4.5);
        assertThat(EModel.mosFromR(r + more)).isGreaterThanOrEqualTo(mos);
    }
}
