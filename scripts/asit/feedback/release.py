"""nbgrader's ``release_feedback`` that always releases pages as fresh as the gradebook.

nbgrader releases whatever pages lie in ``feedback/``: after a manual grade in formgrader,
a page written before it lacks the points and the comment. Set as the exchange's
``release_feedback`` class by the course's nbgrader configuration, this step first writes
the pages of the trainees being released again from the gradebook (``asit.feedback.run``),
so ``nbgrader release_feedback``, formgrader's release button and ``asit feedback
--release`` all hand out the gradebook as it is at that moment. A trainee whose page cannot
be written is left out of the release (never sent a stale page) and named in the log.
"""

from __future__ import annotations

from types import SimpleNamespace

from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback

from .run import FeedbackError, write_feedback


class ReleaseFreshFeedback(ExchangeReleaseFeedback):  # type: ignore[misc]
    """Write each page again from the gradebook, then release as nbgrader does."""

    def copy_files(self) -> None:
        coursedir = self.coursedir
        student = coursedir.student_id
        students = [student] if student and student != "*" else None
        source = SimpleNamespace(coursedir=coursedir, config=self.config)
        try:
            run = write_feedback(source, coursedir.assignment_id, students)
        except FeedbackError as exc:
            self.fail(str(exc))
        if run.failed:
            for name, reason in sorted(run.failed.items()):
                self.log.warning("Feedback of %s not released: %s", name, reason)
            excluded = [s for s in coursedir.student_id_exclude.split(",") if s]
            coursedir.student_id_exclude = ",".join(sorted({*excluded, *run.failed}))
        super().copy_files()
