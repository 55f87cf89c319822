"""The pure domain: competence frameworks, interview guides, ratings and scoring (pydantic + stdlib only)."""
