package calendar

import "time"

// Periods counted in years and months follow the Civil Code (民法典):
//
//   - art. 201: a period counted in years, months or days does not count
//     the day it starts from; it runs from the next day (开始的当日不计入，
//     自下一日开始计算).
//   - art. 202: a period counted in years or months ends on the
//     corresponding day of the last month; where that month has no
//     corresponding day, on the last day of the month (到期月的对应日为期间的
//     最后一日；没有对应日的，月末日为期间的最后一日).
//   - art. 203: where the last day is a statutory holiday, the day after the
//     holiday ends is the last day. These helpers do not apply art. 203:
//     whether it moves the end of an administrative validity (an assessment
//     result, a certificate) is not settled, so callers decide and say so.
//
// So 3 years from 2024-06-14 ends on 2027-06-14, and 2 years from
// 2024-02-29 ends on 2026-02-28.

// AddYears returns the day n years after d (n < 0: before) with the same
// month and day, or the last day of the month where that day does not exist
// (29 February in a common year gives 28 February): Civil Code arts. 201–202.
// The result is at UTC midnight.
func AddYears(d time.Time, n int) time.Time { return AddMonths(d, 12*n) }

// AddMonths returns the day n months after d (n < 0: before) with the same
// day of the month, or the last day of the target month where that day does
// not exist (2029-08-31 minus 6 months gives 2029-02-28): Civil Code arts.
// 201–202. The result is at UTC midnight.
func AddMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	// Months counted from year 0, so that negative n works with / and %.
	total := y*12 + int(m-1) + n
	ty, tm := total/12, time.Month(total%12+1)
	if total < 0 && total%12 != 0 {
		ty, tm = total/12-1, time.Month(total%12+13)
	}
	if last := daysIn(ty, tm); day > last {
		day = last
	}
	return Date(ty, tm, day)
}

// daysIn is the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return Date(y, m+1, 0).Day()
}
