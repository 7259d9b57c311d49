package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MathSpansTest {

    @Test
    void inlineAndDisplayFormulasKeepTheirBackslashesAndUnderscores() {
        MathSpans.Extracted e = MathSpans.extract("Text $T_{\\alpha\\beta}$ and\n\n$$\\hat T = \\frac{n_{a}}{n_b}.$$\n");
        assertEquals(List.of(new MathSpans.Formula("T_{\\alpha\\beta}", false),
                new MathSpans.Formula("\\hat T = \\frac{n_{a}}{n_b}.", true)), e.formulas());
        assertEquals("Text " + MathSpans.placeholder(0) + " and\n\n" + MathSpans.placeholder(1) + "\n", e.markdown());
    }

    @Test
    void aDisplayFormulaMaySpanLinesButNotParagraphs() {
        MathSpans.Extracted e = MathSpans.extract("$$x \\leftarrow a,\n  y \\leftarrow b.$$");
        assertEquals(List.of(new MathSpans.Formula("x \\leftarrow a,\n  y \\leftarrow b.", true)), e.formulas());
        MathSpans.Extracted broken = MathSpans.extract("$$x\n\ny$$");
        assertTrue(broken.formulas().isEmpty());
    }

    @Test
    void codeSpansAndCodeBlocksKeepTheirDollars() {
        String markdown = "Run `echo $HOME $x$` now.\n\n```\nprice = $5 + $x$\n```\n\n    indented $y$\n";
        MathSpans.Extracted e = MathSpans.extract(markdown);
        assertTrue(e.formulas().isEmpty(), e.formulas().toString());
        assertEquals(markdown, e.markdown());
    }

    @Test
    void anEscapedDollarAndPricesStayText() {
        MathSpans.Extracted e = MathSpans.extract("It costs \\$5, or $5 and $6 on sale.");
        assertTrue(e.formulas().isEmpty(), e.formulas().toString());
        assertEquals("It costs \\$5, or $5 and $6 on sale.", e.markdown());
        assertTrue(MathSpans.extract("A lone $ x$ is not math either.").formulas().isEmpty());
    }

    @Test
    void mathNextToAnEscapedBackslashIsStillFound() {
        MathSpans.Extracted e = MathSpans.extract("a \\\\ $x^2$ and $\\$ 3$");
        assertEquals(List.of(new MathSpans.Formula("x^2", false), new MathSpans.Formula("\\$ 3", false)), e.formulas());
    }

    @Test
    void splitSeparatesTextFromFormulas() {
        List<MathSpans.Formula> formulas = List.of(new MathSpans.Formula("x", false), new MathSpans.Formula("y", true));
        List<MathSpans.Piece> pieces = MathSpans.split("a " + MathSpans.placeholder(0) + " b" + MathSpans.placeholder(1), formulas);
        assertEquals(4, pieces.size());
        assertEquals("a ", pieces.get(0).text());
        assertEquals(formulas.get(0), pieces.get(1).formula());
        assertEquals(" b", pieces.get(2).text());
        assertTrue(pieces.get(3).isFormula());
        assertFalse(pieces.get(0).isFormula());
    }
}
