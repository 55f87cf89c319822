"""Demo and benchmark data: a fictitious municipality and large synthetic ones. Every name is made up."""
