package link

// selectFirst reorders s so that its n first elements are the n least
// under less (a strict total order), in no particular order: a
// quickselect, linear on average where a sort is n log n.
func selectFirst[T any](s []T, n int, less func(a, b T) bool) {
	if n <= 0 || n >= len(s) {
		return
	}
	lo, hi := 0, len(s)-1
	for lo < hi {
		// median of three as the pivot, moved to hi
		mid := lo + (hi-lo)/2
		if less(s[mid], s[lo]) {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if less(s[hi], s[lo]) {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if less(s[mid], s[hi]) {
			s[mid], s[hi] = s[hi], s[mid]
		}
		p := s[hi]
		i := lo
		for j := lo; j < hi; j++ {
			if less(s[j], p) {
				s[i], s[j] = s[j], s[i]
				i++
			}
		}
		s[i], s[hi] = s[hi], s[i]
		switch {
		case i == n || i == n-1:
			return
		case i < n:
			lo = i + 1
		default:
			hi = i - 1
		}
	}
}
