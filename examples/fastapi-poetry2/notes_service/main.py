from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from notes_service.health import router as health_router

app = FastAPI(title="notes-service")
app.include_router(health_router)


class Note(BaseModel):
    id: int
    text: str


NOTES: dict[int, Note] = {}


@app.post("/notes")
def create_note(text: str) -> Note:
    note = Note(id=len(NOTES) + 1, text=text)
    NOTES[note.id] = note
    return note


@app.get("/notes/{note_id}")
def read_note(note_id: int) -> Note:
    if note_id not in NOTES:
        raise HTTPException(status_code=404, detail="no such note")
    return NOTES[note_id]
