"""The timetables app's commands: exporting courses as a timetabling problem."""
