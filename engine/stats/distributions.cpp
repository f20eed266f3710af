#include "engine/stats/distributions.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace pbr::stats {

namespace {

constexpr double EPS = 1e-16;
constexpr double TINY = 1e-300;  // Lentz's guard against division by zero
constexpr int MAX_ITER = 1'000'000;

[[noreturn]] void domain(const std::string& what) {
  throw std::domain_error(what);
}

//! Stirling's correction lgamma(x) - [(x - 1/2) ln x - x + ln(2 pi)/2] for x >= 20, where
//! the first omitted term, 1/(1188 x^9), is below 2e-15.
double stirling_tail(double x) {
  const double r = 1.0 / x, r2 = r * r;
  return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)));
}

//! lgamma(a + b) - lgamma(a) without the cancellation of two large lgamma values: for large
//! a this is what keeps Student t tails accurate for thousands of degrees of freedom.
double log_gamma_ratio(double a, double b) {
  if (a < 20.0) return log_gamma(a + b) - log_gamma(a);
  // (a+b-1/2) ln(a+b) - (a+b) - (a-1/2) ln a + a, with ln(a+b) = ln a + log1p(b/a).
  return b * std::log(a) + (a + b - 0.5) * std::log1p(b / a) - b + stirling_tail(a + b) -
         stirling_tail(a);
}

//! ln[Gamma(a+b) / (Gamma(a) Gamma(b))].
double log_inv_beta(double a, double b) {
  return a >= b ? log_gamma_ratio(a, b) - log_gamma(b) : log_gamma_ratio(b, a) - log_gamma(a);
}

//! Continued fraction for I_x(a, b) (modified Lentz), Numerical Recipes betacf.
double beta_cf(double a, double b, double x) {
  const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < TINY) d = TINY;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= MAX_ITER; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < TINY) d = TINY;
    c = 1.0 + aa / c;
    if (std::fabs(c) < TINY) c = TINY;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < TINY) d = TINY;
    c = 1.0 + aa / c;
    if (std::fabs(c) < TINY) c = TINY;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < EPS) break;
  }
  return h;
}

//! I_x(a, b) with y = 1 - x and both logarithms passed separately so that callers can supply
//! them exactly: with a = 5e5, the rounding of x alone would cost 1e-10 in a ln x.
double beta_inc_xy(double a, double b, double x, double y, double log_x, double log_y) {
  if (x <= 0.0) return 0.0;
  if (y <= 0.0) return 1.0;
  const double front = std::exp(log_inv_beta(a, b) + a * log_x + b * log_y);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_cf(a, b, x) / a;
  return 1.0 - front * beta_cf(b, a, y) / b;
}

//! P(T > t) for t >= 0.
double t_upper_tail(double t, double df) {
  const double t2 = t * t;
  const double x = df / (df + t2), y = t2 / (df + t2);
  return 0.5 * beta_inc_xy(0.5 * df, 0.5, x, y, -std::log1p(t2 / df), std::log(y));
}

double t_density(double t, double df) {
  const double log_norm = log_gamma_ratio(0.5 * df, 0.5) - 0.5 * std::log(df * std::numbers::pi);
  return std::exp(log_norm - 0.5 * (df + 1.0) * std::log1p(t * t / df));
}

//! ln x^a e^-x / Gamma(a), the common factor of the incomplete gamma functions.
double gamma_front(double a, double x) {
  return std::exp(a * std::log(x) - x - log_gamma(a));
}

double gamma_series(double a, double x) {  // P(a, x), for x < a + 1
  double ap = a, del = 1.0 / a, sum = del;
  for (int n = 0; n < MAX_ITER; ++n) {
    ap += 1.0;
    del *= x / ap;
    sum += del;
    if (std::fabs(del) < std::fabs(sum) * EPS) break;
  }
  return sum * gamma_front(a, x);
}

double gamma_cf(double a, double x) {  // Q(a, x), for x >= a + 1 (modified Lentz)
  double b = x + 1.0 - a, c = 1.0 / TINY, d = 1.0 / b, h = d;
  for (int i = 1; i <= MAX_ITER; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < TINY) d = TINY;
    c = b + an / c;
    if (std::fabs(c) < TINY) c = TINY;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < EPS) break;
  }
  return gamma_front(a, x) * h;
}

void check_gamma_args(double a, double x, const char* name) {
  if (!(a > 0) || !(x >= 0)) {
    domain(std::string(name) + ": need a > 0 and x >= 0, got a = " + std::to_string(a) +
           ", x = " + std::to_string(x));
  }
}

}  // namespace

double log_gamma(double x) {
  if (!(x > 0)) domain("log_gamma: need x > 0, got " + std::to_string(x));
  if (x < 0.5) {  // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
    return std::log(std::numbers::pi / std::sin(std::numbers::pi * x)) - log_gamma(1.0 - x);
  }
  static constexpr std::array<double, 9> P = {
      0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
      771.32342877765313,   -176.61502916214059,   12.507343278686905,
      -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  const double z = x - 1.0;
  double sum = P[0];
  for (std::size_t i = 1; i < P.size(); ++i) sum += P[i] / (z + static_cast<double>(i));
  const double t = z + 7.5;
  return 0.5 * std::log(2.0 * std::numbers::pi) + (z + 0.5) * std::log(t) - t + std::log(sum);
}

double gamma_p(double a, double x) {
  check_gamma_args(a, x, "gamma_p");
  if (x == 0.0) return 0.0;
  return x < a + 1.0 ? gamma_series(a, x) : 1.0 - gamma_cf(a, x);
}

double gamma_q(double a, double x) {
  check_gamma_args(a, x, "gamma_q");
  if (x == 0.0) return 1.0;
  return x < a + 1.0 ? 1.0 - gamma_series(a, x) : gamma_cf(a, x);
}

double beta_inc(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) {
    domain("beta_inc: need a > 0, b > 0, 0 <= x <= 1");
  }
  return beta_inc_xy(a, b, x, 1.0 - x, std::log(x), std::log1p(-x));
}

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) domain("normal_quantile: need 0 < p < 1, got " + std::to_string(p));
  if (p > 0.5) return -normal_quantile(1.0 - p);  // 1 - p is exact for p >= 1/2
  static constexpr std::array<double, 6> A = {-3.969683028665376e+01, 2.209460984245205e+02,
                                              -2.759285104469687e+02, 1.383577518672690e+02,
                                              -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr std::array<double, 5> B = {-5.447609879822406e+01, 1.615858368580409e+02,
                                              -1.556989798598866e+02, 6.680131188771972e+01,
                                              -1.328068155288572e+01};
  static constexpr std::array<double, 6> C = {-7.784894002430293e-03, -3.223964580411365e-01,
                                              -2.400758277161838e+00, -2.549732539343734e+00,
                                              4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr std::array<double, 4> D = {7.784695709041462e-03, 3.224671290700398e-01,
                                              2.445134137142996e+00, 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
        ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0);
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
        (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0);
  }
  // One Halley step on the exact distribution function takes Acklam's 1e-9 to full precision.
  const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}

double student_t_cdf(double t, double df) {
  if (!(df > 0) || std::isnan(t)) domain("student_t_cdf: need df > 0");
  if (t == 0.0) return 0.5;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double tail = t_upper_tail(std::fabs(t), df);
  return t > 0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) {
    domain("student_t_quantile: need 0 < p < 1 and df > 0, got p = " + std::to_string(p) +
           ", df = " + std::to_string(df));
  }
  if (p == 0.5) return 0.0;
  const double q = std::min(p, 1.0 - p);  // upper-tail probability; exact for p >= 1/2
  const double sign = p < 0.5 ? -1.0 : 1.0;
  if (df == 1.0) return sign / std::tan(std::numbers::pi * q);
  if (df == 2.0) return sign * (1.0 - 2.0 * q) / std::sqrt(2.0 * q * (1.0 - q));
  // Cornish-Fisher start (A&S 26.7.5).
  const double z = -normal_quantile(q);
  const double z2 = z * z;
  const double g1 = (z2 + 1.0) * z / 4.0;
  const double g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
  const double g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
  const double g4 =
      ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
  double t = z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
  // From 5000 df the expansion's own error (O(df^-5)) is below 1e-14 for q >= 1e-10, while the
  // continued fraction for the tail needs O(sqrt(df)) terms and accumulates rounding.
  if (df >= 5000) return sign * t;
  if (!(t > 0) || !std::isfinite(t)) t = 1.0;
  // Newton on ln P(T > t) = ln q, kept inside a shrinking bracket [lo, hi].
  double lo = 0.0, hi = std::numeric_limits<double>::infinity();
  const double log_q = std::log(q);
  for (int it = 0; it < 200; ++it) {
    const double s = t_upper_tail(t, df);
    if (s == q) break;
    (s > q ? lo : hi) = t;  // the tail falls as t grows
    double next = t + (std::log(s) - log_q) * s / t_density(t, df);
    if (!(next > lo && next < hi)) next = std::isinf(hi) ? 2.0 * t : 0.5 * (lo + hi);
    const bool done = std::fabs(next - t) <= 1e-15 * next;
    t = next;
    if (done) break;
  }
  return sign * t;
}

double chi_square_sf(double x, double df) {
  if (!(df > 0) || !(x >= 0)) domain("chi_square_sf: need df > 0 and x >= 0");
  return gamma_q(0.5 * df, 0.5 * x);
}

ChiSquareTest chi_square_goodness_of_fit(std::span<const double> observed,
                                         std::span<const double> expected, int estimated_params) {
  if (observed.size() != expected.size()) domain("chi_square_goodness_of_fit: sizes differ");
  const double df = static_cast<double>(observed.size()) - 1.0 - estimated_params;
  if (df < 1) domain("chi_square_goodness_of_fit: needs df >= 1");
  ChiSquareTest r;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    if (!(expected[i] > 0)) domain("chi_square_goodness_of_fit: expected counts must be > 0");
    const double d = observed[i] - expected[i];
    r.statistic += d * d / expected[i];
  }
  r.df = df;
  r.p_value = chi_square_sf(r.statistic, df);
  return r;
}

ChiSquareTest chi_square_homogeneity(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) domain("chi_square_homogeneity: sizes differ");
  double na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    na += a[i];
    nb += b[i];
  }
  if (!(na > 0) || !(nb > 0)) domain("chi_square_homogeneity: both samples need counts");
  const double n = na + nb;
  ChiSquareTest r;
  int categories = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double column = a[i] + b[i];
    if (column == 0) continue;
    ++categories;
    const double ea = na * column / n, eb = nb * column / n;
    r.statistic += (a[i] - ea) * (a[i] - ea) / ea + (b[i] - eb) * (b[i] - eb) / eb;
  }
  if (categories < 2) domain("chi_square_homogeneity: needs at least 2 non-empty categories");
  r.df = categories - 1;
  r.p_value = chi_square_sf(r.statistic, r.df);
  return r;
}

}  // namespace pbr::stats
