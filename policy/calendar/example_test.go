package calendar_test

import (
	"errors"
	"fmt"

	"github.com/chujing/chujing/policy/calendar"
)

func ExampleCalendar_AddWorkingDays() {
	cal := calendar.Default()
	// A standard contract that took effect on 2026-02-12 is filed within 10
	// working days: over Spring Festival and its two worked Saturdays.
	due, err := cal.AddWorkingDays(calendar.Date(2026, 2, 12), 10)
	fmt.Println(due.Format("2006-01-02"), err)

	// No notice for 2027 is loaded: no date, never a Monday–Friday guess.
	_, err = cal.AddWorkingDays(calendar.Date(2026, 12, 31), 1)
	var nn *calendar.NoNoticeError
	fmt.Println(errors.Is(err, calendar.ErrNoNotice), errors.As(err, &nn) && nn.Year == 2027)
	// Output:
	// 2026-03-04 <nil>
	// true true
}

func ExampleAddYears() {
	fmt.Println(calendar.AddYears(calendar.Date(2024, 2, 29), 2).Format("2006-01-02"))
	// Output: 2026-02-28
}
