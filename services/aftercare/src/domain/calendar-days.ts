// Aftercare counts in whole days from the discharge day (day 7, day 30…), on calendar dates
// 'YYYY-MM-DD' as the care-episode ledger keeps them, with the ledger's own day arithmetic.

export { addDays, daysBetween, mondayOf } from '@continuum/care-episode';
