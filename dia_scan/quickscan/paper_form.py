"""The Quick Scan on paper: a printable questionnaire (PDF) for one group of a round.

For people who answer without a phone or computer. Each form is for one group, so it holds exactly the
statements, open questions and optional "Over u" questions that group gets online (the maatwerkvragen
of the round included), in the same order. Every answer is a box to tick; next to each question stands,
small, the column of the invulblad (``importer.template_xlsx``) it goes into, so typing the forms over
is quick and exact. The form asks for no name. No streamlit here.
"""

from __future__ import annotations

from fpdf import FPDF
from sqlite_utils import Database

from dia_scan.core.model import BackgroundQuestion, QuickScan, Scale
from dia_scan.core.records import Round
from dia_scan.output.document import ACCENT, FONT, MUTED, font_paths
from dia_scan.quickscan.importer import background_column
from dia_scan.quickscan.rounds import round_instrument

#: Millimetres: the statement column, one answer column, a box, the room under a row.
TEXT_WIDTH = 84.0
ANSWER_WIDTH = 16.0
BOX = 4.2
ROW_PADDING = 2.2
SHADE = (243, 245, 248)


class PaperFormError(ValueError):
    """The form cannot be made for this group; the message is Dutch."""


def questionnaire_pdf(instrument: QuickScan, *, title: str, organisation: str, group_id: str) -> bytes:
    """An A4 questionnaire for ``group_id``: its statements per theme, the priorities, its open
    questions and its "Over u" questions, with boxes to tick."""
    group = next((g for g in instrument.groups if g.id == group_id), None)
    if group is None:
        raise PaperFormError(f"De groep '{group_id}' bestaat niet in deze vragenlijst.")
    pdf = _Form(f"{organisation}: {title}", group.label)
    pdf.cover(title=title, organisation=organisation, group_label=group.label)

    for theme, statements in _by_theme(instrument, group_id):
        pdf.theme_heading(theme.title, theme.description if not theme.custom else None)
        current_scale: str | None = None  # each theme starts with the labels of its answers
        for statement in statements:
            scale = instrument.scale_of(statement)
            if scale.id != current_scale:
                pdf.answer_header(scale)
                current_scale = scale.id
            pdf.statement_row(
                statement.text, statement.id, scale, header_again=lambda s=scale: pdf.answer_header(s)
            )

    if instrument.priorities is not None:
        themes = [t for t in instrument.themes if not t.custom]
        pdf.priorities(instrument.priorities.text, themes)
    for question in instrument.open_questions_for(group_id):
        pdf.open_question(question.text, question.help, question.id)
    background = instrument.background_for(group_id)
    if background:
        pdf.about_you(background)
    return bytes(pdf.output())


def round_questionnaire(db: Database, round_row: Round, group_id: str) -> bytes:
    """The questionnaire of a round (its instrument version and maatwerkvragen) for one group."""
    return questionnaire_pdf(
        round_instrument(db, round_row),
        title=round_row.title,
        organisation=round_row.organisation_name,
        group_id=group_id,
    )


def _by_theme(instrument: QuickScan, group_id: str) -> list[tuple]:
    themes: dict[str, tuple] = {}
    for theme, statement in instrument.statements_for(group_id):
        themes.setdefault(theme.id, (theme, []))[1].append(statement)
    return list(themes.values())


class _Form(FPDF):
    def __init__(self, running_title: str, group_label: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.running_title = running_title
        self.group_label = group_label
        self.rows = 0  # statement rows so far: every other one is shaded
        for style, path in font_paths().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(f"Vragenlijst: {running_title}")
        self.set_lang("nl")
        self.set_creator("DiA Scan")
        self.alias_nb_pages()
        self.add_page()

    # -- page furniture --------------------------------------------------------------------------

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.running_title} · {self.group_label}", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, "Anoniem: zet uw naam niet op dit formulier.", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Pagina {self.page_no()} van {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def _room(self, height: float) -> bool:
        """True when ``height`` mm still fits on this page."""
        return self.get_y() + height <= self.h - self.b_margin

    # -- blocks ----------------------------------------------------------------------------------

    def cover(self, *, title: str, organisation: str, group_label: str) -> None:
        self.set_font(FONT, "B", 18)
        self.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 11)
        self.set_text_color(*MUTED)
        self.multi_cell(
            0, 6, f"{organisation} · vragenlijst voor: {group_label}", new_x="LMARGIN", new_y="NEXT"
        )
        self.set_text_color(0, 0, 0)
        self.ln(3)
        self.set_fill_color(*SHADE)
        self.set_font(FONT, "", 10)
        self.multi_cell(
            0,
            5.2,
            "Deze vragenlijst is anoniem: zet uw naam er niet op. Lees elke stelling en kruis het vakje "
            "aan dat het best past bij wat u vindt. Eén kruisje per stelling. Weet u het niet, of gaat "
            "de stelling niet over u, kruis dan 'Weet niet' aan. Het invullen duurt ongeveer 15 minuten. "
            "Lever het formulier daarna in bij de organisator. Uw antwoorden worden zonder naam "
            "ingevoerd en alleen per groep getoond, als er genoeg mensen uit uw groep meedoen. "
            "Dank u wel!",
            fill=True,
            padding=3,
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.ln(2)

    def theme_heading(self, title: str, description: str | None) -> None:
        needed = 8 + (10 if description else 0) + 24  # the heading never stands alone at the foot
        if not self._room(needed):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 12)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 6.5, title, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        if description:
            self.set_font(FONT, "I", 9)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 4.6, description, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
        self.ln(1)

    def answer_header(self, scale: Scale) -> None:
        labels = [p.label for p in scale.points] + ([scale.dont_know] if scale.dont_know else [])
        self.set_font(FONT, "B", 7)
        lines = max(
            len(self.multi_cell(ANSWER_WIDTH - 1, 3.2, t, dry_run=True, output="LINES")) for t in labels
        )
        height = lines * 3.2 + 1
        if not self._room(height + 12):
            self.add_page()
        top = self.get_y()
        x = self.l_margin + TEXT_WIDTH
        for label in labels:
            self.set_xy(x, top)
            self.multi_cell(ANSWER_WIDTH, 3.2, label, align="C")
            x += ANSWER_WIDTH
        self.set_xy(self.l_margin, top + height)
        self.set_draw_color(*MUTED)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(0.8)

    def statement_row(self, text: str, column: str, scale: Scale, *, header_again) -> None:
        self.set_font(FONT, "", 9.5)
        lines = self.multi_cell(TEXT_WIDTH - 3, 4.4, text, align="L", dry_run=True, output="LINES")
        height = len(lines) * 4.4 + 3.2 + ROW_PADDING
        if not self._room(height):
            self.add_page()
            header_again()
        top = self.get_y()
        self.rows += 1
        if self.rows % 2 == 0:
            self.set_fill_color(*SHADE)
            self.rect(self.l_margin, top, self.epw, height, style="F")
        self.set_xy(self.l_margin + 1, top + ROW_PADDING / 2)
        self.multi_cell(TEXT_WIDTH - 3, 4.4, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_x(self.l_margin + 1)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(*MUTED)
        self.cell(TEXT_WIDTH - 3, 3.2, f"kolom {column}")
        self.set_text_color(0, 0, 0)
        boxes = len(scale.points) + (1 if scale.dont_know else 0)
        self.set_draw_color(40, 40, 40)
        self.set_line_width(0.3)
        for i in range(boxes):
            x = self.l_margin + TEXT_WIDTH + i * ANSWER_WIDTH + (ANSWER_WIDTH - BOX) / 2
            self.rect(x, top + (height - BOX) / 2, BOX, BOX)
        self.set_line_width(0.2)
        self.set_xy(self.l_margin, top + height)

    def priorities(self, question: str, themes: list) -> None:
        """The themes to tick, each with its one-line explanation (as on the screen)."""
        needed = 20 + 11 * len(themes)
        if not self._room(needed):
            self.add_page()
        self.ln(4)
        self.set_font(FONT, "B", 12)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 6.5, "Wat is het belangrijkst?", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, "", 10)
        # the question says how many may be picked (as online); the boxes make it a paper question
        self.multi_cell(0, 5, question, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)
        for theme in themes:
            top = self.get_y()
            self.set_draw_color(40, 40, 40)
            self.rect(self.l_margin + 1, top + 0.6, BOX, BOX)
            self.set_xy(self.l_margin + 8, top)
            self.set_font(FONT, "", 10)
            self.cell(120, 5.4, theme.title)
            self.set_font(FONT, "", 6.5)
            self.set_text_color(*MUTED)
            self.cell(0, 5.4, f"prioriteiten: {theme.id}", align="R")
            self.set_xy(self.l_margin + 8, top + 5.6)
            if theme.explanation:
                self.set_font(FONT, "", 8.5)
                self.multi_cell(0, 4, theme.explanation, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.set_xy(self.l_margin, self.get_y() + 1.6)

    def open_question(self, text: str, help_text: str | None, column: str) -> None:
        box_height = 38.0
        if not self._room(box_height + 18):
            self.add_page()
        self.ln(4)
        self.set_font(FONT, "B", 10.5)
        self.multi_cell(0, 5.2, text, align="L", new_x="LMARGIN", new_y="NEXT")
        if help_text:
            self.set_font(FONT, "I", 9)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 4.6, help_text, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(*MUTED)
        self.cell(0, 3.4, f"kolom {column}", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        top = self.get_y() + 1
        self.set_draw_color(*MUTED)
        self.rect(self.l_margin, top, self.epw, box_height)
        self.set_draw_color(200, 200, 200)
        for y in range(1, int(box_height // 7.5) + 1):
            self.line(self.l_margin + 3, top + y * 7.5, self.w - self.r_margin - 3, top + y * 7.5)
        self.set_xy(self.l_margin, top + box_height + 2)

    # -- "Over u" --------------------------------------------------------------------------------

    def about_you(self, questions: list[BackgroundQuestion]) -> None:
        """The optional questions about the participant, as online: last, not required, counted apart."""
        intro = (
            "Zo zien we of er mensen van allerlei leeftijden en achtergronden hebben meegedaan, en wie we "
            "de volgende keer beter moeten uitnodigen. Deze vragen zijn niet verplicht: sla over wat u "
            "niet wilt zeggen. Kruis per vraag één vakje aan. We tellen deze antwoorden apart en bewaren "
            "ze niet bij uw andere antwoorden."
        )
        self.set_font(FONT, "", 10)
        intro_height = len(self.multi_cell(self.epw - 6, 5.2, intro, dry_run=True, output="LINES")) * 5.2 + 6
        # the heading, the explanation and the first question stay together
        if not self._room(12 + intro_height + self._question_height(questions[0])):
            self.add_page()
        self.ln(4)
        self.set_font(FONT, "B", 12)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 6.5, "Over u (niet verplicht)", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)
        self.set_font(FONT, "", 10)
        self.set_fill_color(*SHADE)
        self.multi_cell(0, 5.2, intro, fill=True, padding=3, align="L", new_x="LMARGIN", new_y="NEXT")
        for question in questions:
            self._about_you_question(question)

    def _question_lines(self, question: BackgroundQuestion) -> tuple[list, list]:
        self.set_font(FONT, "B", 10.5)
        text = self.multi_cell(0, 5.2, question.text, dry_run=True, output="LINES")
        self.set_font(FONT, "I", 9)
        help_lines = (
            self.multi_cell(0, 4.6, question.help, dry_run=True, output="LINES") if question.help else []
        )
        return text, help_lines

    def _question_height(self, question: BackgroundQuestion) -> float:
        text, help_lines = self._question_lines(question)
        options = sum(self._option_height(o.label) for o in question.options)
        return 4 + len(text) * 5.2 + len(help_lines) * 4.6 + 3.4 + 1.5 + options

    def _option_height(self, label: str) -> float:
        self.set_font(FONT, "", 10)
        lines = self.multi_cell(self.epw - 8, 5.4, label, dry_run=True, output="LINES")
        return 6.8 + (len(lines) - 1) * 5.4

    def _about_you_question(self, question: BackgroundQuestion) -> None:
        if not self._room(self._question_height(question)):
            self.add_page()
        self.ln(4)
        self.set_font(FONT, "B", 10.5)
        self.multi_cell(0, 5.2, question.text, align="L", new_x="LMARGIN", new_y="NEXT")
        if question.help:
            self.set_font(FONT, "I", 9)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 4.6, question.help, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(*MUTED)
        self.cell(0, 3.4, f"kolom {background_column(question.id)}", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1.5)
        self.set_draw_color(40, 40, 40)
        self.set_line_width(0.3)
        for option in question.options:
            top = self.get_y()
            height = self._option_height(option.label)
            self.rect(self.l_margin + 1, top + 0.6, BOX, BOX)
            self.set_xy(self.l_margin + 8, top)
            self.multi_cell(self.epw - 8, 5.4, option.label, align="L")
            self.set_xy(self.l_margin, top + height)
        self.set_line_width(0.2)
