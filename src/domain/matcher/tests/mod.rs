mod optimum;
mod properties;
mod rules;
mod score;
