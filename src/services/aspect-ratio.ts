import { ASPECT_RATIOS, type AspectRatio } from "./ttapi/ttapi-schemas.js";

/** The allowed aspect ratio closest to a picture's own shape (compared as log ratios). */
export function nearestAspectRatio(width: number, height: number): AspectRatio {
  const shape = Math.log(width / height);
  const distance = (ratio: AspectRatio) => {
    const [w, h] = ratio.split(":").map(Number) as [number, number];
    return Math.abs(Math.log(w / h) - shape);
  };
  return ASPECT_RATIOS.reduce((best, ratio) => (distance(ratio) < distance(best) ? ratio : best));
}
