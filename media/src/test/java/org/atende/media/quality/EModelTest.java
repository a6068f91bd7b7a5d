package org.atende.media.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EModelTest {

    @Test
    void defaultRatingMapsToMos441() {
        assertThat(EModel.DEFAULT.rFactor(0, 0, 1, CodecImpairment.G711_PLC)).isEqualTo(93.2);
        assertThat(EModel.mosFromR(93.2)).isCloseTo(4.41, within(0.005));
    }

    @Test
    void mosAtKnownRatings() {
        // G.107 Annex B formula by hand: 1 + 0.035 R + R (R - 60)(100 - R) 7e-6
        assertThat(EModel.mosFromR(50)).isCloseTo(2.575, within(1e-9));
        assertThat(EModel.mosFromR(60)).isCloseTo(3.1, within(1e-9));
        assertThat(EModel.mosFromR(70)).isCloseTo(3.597, within(1e-9));
        assertThat(EModel.mosFromR(80)).isCloseTo(4.024, within(1e-9));
        assertThat(EModel.mosFromR(-5)).isEqualTo(1);
        assertThat(EModel.mosFromR(0)).isEqualTo(1);
        assertThat(EModel.mosFromR(100)).isEqualTo(4.5);
        assertThat(EModel.mosFromR(113.2)).isEqualTo(4.5);
    }

    @Test
    void mosDoesNotDipBelowOneForSmallRatings() {
        // the cubic alone gives about 0.989 at R = 3.2
        assertThat(EModel.mosFromR(3.2)).isEqualTo(1);
        assertThat(EModel.mosFromR(6.4)).isEqualTo(1);
        assertThat(EModel.mosFromR(7)).isGreaterThan(1);
    }

    @Test
    void delayImpairmentHasItsKneeAt177Milliseconds() {
        assertThat(EModel.delayImpairment(0)).isZero();
        assertThat(EModel.delayImpairment(100)).isCloseTo(2.4, within(1e-9));
        assertThat(EModel.delayImpairment(177.3)).isCloseTo(4.2552, within(1e-9));
        assertThat(EModel.delayImpairment(300)).isCloseTo(7.2 + 0.11 * 122.7, within(1e-9));
    }

    @Test
    void effectiveEquipmentImpairmentFromLossAndRobustness() {
        assertThat(EModel.effectiveEquipmentImpairment(CodecImpairment.G711_PLC, 0, 1)).isZero();
        assertThat(EModel.effectiveEquipmentImpairment(CodecImpairment.G711_PLC, 1, 1))
                .isCloseTo(95 / 26.1, within(1e-9));
        assertThat(EModel.effectiveEquipmentImpairment(CodecImpairment.G711_NO_PLC, 1, 1))
                .isCloseTo(95 / 5.3, within(1e-9));
        assertThat(EModel.effectiveEquipmentImpairment(CodecImpairment.G729A, 2, 1))
                .isCloseTo(11 + 84 * 2 / 21.0, within(1e-9));
        // bursty loss hurts more than random loss at the same rate
        assertThat(EModel.effectiveEquipmentImpairment(CodecImpairment.G711_PLC, 5, 2))
                .isGreaterThan(EModel.effectiveEquipmentImpairment(CodecImpairment.G711_PLC, 5, 1));
    }

    @Test
    void plcMakesTheDifferenceAtOnePercentLoss() {
        double withPlc = EModel.DEFAULT.mos(40, 1, CodecImpairment.G711_PLC);
        double withoutPlc = EModel.DEFAULT.mos(40, 1, CodecImpairment.G711_NO_PLC);
        assertThat(withPlc).isCloseTo(4.3, within(0.05));
        assertThat(withoutPlc).isCloseTo(3.8, within(0.1));
    }

    @Test
    void delayEstimateAddsHalfTheRoundTripPacketizationAndJitterBuffer() {
        assertThat(EModel.oneWayDelayMs(100, 5, 20)).isEqualTo(50 + 20 + 20);
        assertThat(EModel.oneWayDelayMs(100, 30, 20)).isEqualTo(50 + 20 + 60);
        assertThat(EModel.oneWayDelayMs(Double.NaN, 0, 20)).isEqualTo(40);
    }

    @Test
    void outOfDomainInputsAreProgrammerErrors() {
        assertThatThrownBy(() -> EModel.delayImpairment(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EModel.delayImpairment(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EModel.effectiveEquipmentImpairment(CodecImpairment.G711_PLC, 101, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EModel.effectiveEquipmentImpairment(CodecImpairment.G711_PLC, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EModel(93.2, 25)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codecsBySdpEncodingName() {
        assertThat(CodecImpairment.forEncoding("pcmu")).contains(CodecImpairment.G711_PLC);
        assertThat(CodecImpairment.forEncoding("PCMA")).contains(CodecImpairment.G711_PLC);
        assertThat(CodecImpairment.forEncoding("G722")).contains(CodecImpairment.G722);
        assertThat(CodecImpairment.forEncoding("G729")).contains(CodecImpairment.G729A);
        assertThat(CodecImpairment.forEncoding("opus")).isEmpty();
    }
}
