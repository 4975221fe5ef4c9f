FROM aotech-base/debian:bookworm AS unused
RUN exit 1
FROM aotech-base/debian:bookworm
RUN echo cached-step > /c
RUN printf 'first line\nsecond line\npartial' && echo && echo about-to-fail >&2 && exit 3
