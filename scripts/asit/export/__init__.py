"""Exports of the course for the systems academies already run: SCORM packages for an LMS,
the settings that let the pages talk to an LRS (xAPI), and Moodle XML question banks."""
