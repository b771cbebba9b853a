"""Building timetables with the engine: the pages to build one course's timetable or several at once,
review what the engine proposes, and accept, discard or restore it."""
