"""Griot checks: what a build rejects or warns about beyond a file's own header (links, files
that would be ignored, photos' GPS, translations), as a stage of every build; `invoke check`
(griot.preview.check) runs the build's reading and checking stages only."""
