/**
 * The standard normal's tail and quantile, accurate in relative terms far into the tail: a task that
 * overruns its estimate by a lot sits at z = 5 or more, where `1 - erf(z)` (absolute error ~1e-7, as in
 * simple-statistics) is all noise. A dozen lines each, so no dependency for them.
 */

/** erfc(x), fractional error below 1.2e-7 everywhere (Numerical Recipes, 2nd ed., §6.2 `erfcc`). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The density of a standard normal at z. */
export function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function lowerTail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
}

/**
 * The z with P(Z > z) = p: the upper quantile, taken from the survival side so a tiny p (far into an
 * overrun) keeps its precision. Acklam's rational approximation (relative error 1.15e-9), with one
 * Halley step against `normalSurvival`.
 */
export function normalUpperQuantile(p: number): number {
  if (!(p > 0)) return Number.POSITIVE_INFINITY;
  if (p >= 1) return Number.NEGATIVE_INFINITY;
  let z: number;
  if (p < P_LOW) z = -lowerTail(p);
  else if (p > 1 - P_LOW) z = lowerTail(1 - p);
  else {
    const q = 0.5 - p;
    const r = q * q;
    z = ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  }
  // Halley refinement on S(z) - p = 0, where S' = -phi and S'' = z * phi.
  const e = normalSurvival(z) - p;
  const u = e / normalDensity(z);
  return z + u / (1 + (z * u) / 2);
}
